// Walking the identifiers of a module: every SystemVerilog identifier token in every
// expression, width and count of the IR, and every name a module declares. Shared by the
// passes; it never changes the IR.
#pragma once

#include "quasar/rtlgen/ir.h"

#include <functional>
#include <set>
#include <string>

namespace quasar::passes {

// Identifier tokens of an expression (skips sized literals like 4'd7, '0, $system calls).
std::set<std::string> identifiersIn(const std::string &expr);

// Calls `use` with every expression of the module (item texts, widths, counts, conditions,
// instance parameter values and connections, param values).
void forEachExpression(const ir::Module &module, const std::function<void(const std::string &)> &use);

// Every name the module declares: params, ports, nets, genvars, instances, generate labels.
std::set<std::string> declaredNames(const ir::Module &module);

// SystemVerilog keywords (IEEE 1800-2017 Annex B) that a generated name must not be.
bool isKeyword(const std::string &name);

} // namespace quasar::passes
