/*
 * libexec.h: where infraplan's helpers are. The main binary keeps its link
 * line short (ldd lists a handful of libraries) by leaving the heavy ones to
 * helpers it runs or loads only when a command needs them: the price fetcher
 * (libcurl, libxml2, yajl) and the git module (libgit2). A helper is found
 * relative to the running executable (/proc/self/exe), never through PATH or
 * the environment, so an installed infraplan runs its own helpers and a build
 * tree its own.
 */
#ifndef IPL_LIBEXEC_H
#define IPL_LIBEXEC_H

/*
 * The helper called name: in the installed layout's helper directory
 * (IPL_LIBEXEC_RELDIR, relative to the binary's directory: bin/ ->
 * libexec/infraplan/), else beside the binary (the build tree puts every
 * helper in the directory of infraplan). NULL when neither exists; the caller
 * frees it. Readable is enough: an installed module is not executable, and
 * exec says so of a program that is not.
 */
char *ipl_libexec_path(const char *name);

#endif
