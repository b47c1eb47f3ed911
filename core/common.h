/*
 * common.h: the first include of every infraplan source file. It pulls in the
 * standard headers everyone uses and then banned.h, which must come after
 * them so that its macros do not rewrite the system declarations.
 */
#ifndef IPL_COMMON_H
#define IPL_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

#define IPL_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define IPL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define IPL_NORETURN __attribute__((noreturn))
#else
#define IPL_PRINTF(f, a)
#define IPL_NORETURN
#endif

#endif
