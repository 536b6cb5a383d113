// libsystemc.so brings its own main() that calls sc_main(), so every executable linking it
// must define sc_main even when, like npusim and the GoogleTest suites, it has a main() of its
// own and starts simulations with sc_start() from there. This weak default satisfies the
// linker (rtl/CMakeLists.txt forces it in with --undefined=sc_main); a program that defines
// its own sc_main overrides it. It is never called: our main() wins over libsystemc's.
#include <cstdio>

extern "C" int sc_main(int argc, char* argv[]);  // as systemc.h declares it

extern "C" __attribute__((weak)) int sc_main(int /*argc*/, char* /*argv*/[]) {
  std::fputs("npusim: sc_main stub called; this program has no SystemC entry point\n", stderr);
  return 1;
}
