/*
 * banned.h: functions that have no place in infraplan, as in git's banned.h.
 * Unbounded copies and locale-dependent or racy calls become compile errors.
 * Included last by core/common.h, after every system header (see there).
 */
#ifndef IPL_BANNED_H
#define IPL_BANNED_H

#define IPL_BANNED(func) sorry_##func##_is_banned_in_infraplan

#undef strcpy
#define strcpy(a, b) IPL_BANNED(strcpy)
#undef strcat
#define strcat(a, b) IPL_BANNED(strcat)
#undef strncpy
#define strncpy(a, b, n) IPL_BANNED(strncpy)
#undef strncat
#define strncat(a, b, n) IPL_BANNED(strncat)
#undef sprintf
#define sprintf(...) IPL_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) IPL_BANNED(vsprintf)
#undef gets
#define gets(a) IPL_BANNED(gets)
#undef strtok
#define strtok(a, b) IPL_BANNED(strtok)
#undef asctime
#define asctime(t) IPL_BANNED(asctime)
#undef ctime
#define ctime(t) IPL_BANNED(ctime)
#undef localtime
#define localtime(t) IPL_BANNED(localtime)
#undef gmtime
#define gmtime(t) IPL_BANNED(gmtime)
#undef mktemp
#define mktemp(t) IPL_BANNED(mktemp)
#undef atoi
#define atoi(s) IPL_BANNED(atoi)

#endif
