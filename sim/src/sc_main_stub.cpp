// SystemC's library brings a main() that calls sc_main(); quasar programs have their own
// main() and drive the kernel from there, so this is never called: it only satisfies the
// linker (libsystemc.so refers to sc_main; sim/CMakeLists.txt makes every program link it).
extern "C" int sc_main(int, char **) { return 1; }
