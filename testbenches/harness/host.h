// The host side of a co-simulation: runs a Stimulus on a Dut cycle by cycle and records every
// transfer (docs/cosim.md, "Harness").
//
// Protocol, per job: the CSR writes one after another (AW and W presented together, then B);
// from the cycle after the last B, the input stream and the output stream run concurrently;
// when every input beat was accepted and the expected number of output beats arrived, the
// CSR reads one after another (AR, then R); then `idleCycles` more cycles.
//
// Back-pressure: one stall generator (std::mt19937_64 seeded with Stimulus::seed) makes two
// draws per cycle, from the first cycle after reset, whatever the DUT does: u_in and u_out,
// each (x >> 11) * 2^-53. s_axis_tvalid is raised for the next beat only on a cycle with
// u_in >= stallProb (and then held until accepted, as AXI4-Stream requires); m_axis_tready is
// high on cycles with u_out >= stallProb, in every phase. The pattern is a function of the
// seed and the cycle number only, so different engines see the same one.
#pragma once

#include "dut.h"
#include "stimulus.h"

namespace quasar::tb {

// Runs the whole stimulus. A job that exceeds maxCycles stops the run: Results::ok is false
// and Results::error says which job, in which phase, and how far the streams got.
Results runStimulus(Dut &dut, const Stimulus &stimulus);

} // namespace quasar::tb
