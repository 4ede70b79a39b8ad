#!/usr/bin/env python3
# Writes the tensors of the SQNR table in docs/ovp-array.md into the current directory
# (normal, student_t5, student_t3, outlier_channels; [64, 1024] f64 .npy; no numpy needed).
# Outlier-heavy test tensors as .npy (f64), with Python's own Mersenne Twister: the same
# distribution families as the workload generator (student_t, outlier_channels), not its
# exact samples.
import math, random, struct, sys

def write_npy(path, rows, cols, data):
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }" % (rows, cols)
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        f.write(struct.pack("<%dd" % len(data), *data))

rng = random.Random(7)
R, K = 64, 1024
def student_t(nu):
    z = rng.gauss(0, 1)
    chi2 = 2 * rng.gammavariate(nu / 2, 1)
    return z / math.sqrt(chi2 / nu)
write_npy("normal.npy", R, K, [rng.gauss(0, 1) for _ in range(R * K)])
write_npy("student_t3.npy", R, K, [student_t(3) for _ in range(R * K)])
write_npy("student_t5.npy", R, K, [student_t(5) for _ in range(R * K)])
ch = set(rng.sample(range(K), 8))
write_npy("outlier_channels.npy", R, K,
          [rng.gauss(0, 1) * (30 if k in ch else 1) for _ in range(R) for k in range(K)])
