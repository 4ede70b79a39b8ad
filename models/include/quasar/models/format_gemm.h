// Exact integer GEMMs for the number-format pairs of the array's PE types: OVP x OVP (W4A4),
// int8 x OVP (W4A8), bitplane and bitmod weights x integer activations.
//
// Same layout as gemm.h: activations [M x K], weights [N x K], result [M x N]. Each one decodes
// to integers and runs gemm(), so the same order-independent accumulator check applies: a
// quasar::CheckError when an `accBits` accumulator could overflow on this data
// (accBits = 64 disables it). Bad shapes or out-of-range operands are quasar::InputError.
//
// Odd K with OVP: the packed operand holds a zero pad column; an integer operand may have K or
// the padded K columns (a zero column is appended).
#pragma once

#include "quasar/models/bitserial.h"
#include "quasar/models/gemm.h"
#include "quasar/models/ovp.h"

namespace quasar::models {

// W4A4 on packed bytes; each operand has its own normal type.
IntMatrix gemmOvp(const ovp::ByteMatrix &a, ovp::NormalType aType, const ovp::ByteMatrix &w,
                  ovp::NormalType wType, int accBits);
IntMatrix gemmOvp(const ovp::Quantized &a, const ovp::Quantized &w, int accBits);

// W4A8: signed int8 activations (every value in [-128, 127]) x OVP weights.
IntMatrix gemmOvpInt8(const IntMatrix &a, const ovp::ByteMatrix &w, ovp::NormalType wType,
                      int accBits);
IntMatrix gemmOvpInt8(const IntMatrix &a, const ovp::Quantized &w, int accBits);

// Bitplane weights of precision P (two's complement, or +-1 when P = 1 and pm1) x signed
// activations of aBits.
IntMatrix gemmBitplane(const IntMatrix &a, int aBits, const IntMatrix &w, int precision,
                       bool pm1, int accBits);

// bitmod weights x signed activations of aBits: acc_c = sum over groups of s_g * P_g, with
// P_g = sum over the group of a_k * w_k (half-units for fp modes). Each P_g comes from gemm()
// with the accBits check; the scaled sum is checked the same way (sum over groups of
// s_g * sum |a_k w_k| must fit), which bounds every partial sum in any order.
IntMatrix gemmBitmod(const IntMatrix &a, int aBits, const bitserial::BitmodWeights &w,
                     int accBits);

} // namespace quasar::models
