/* Unit tests use cmocka; include this first in every tests/unit/test_*.c. */
#ifndef GONGKAI_TEST_HARNESS_H
#define GONGKAI_TEST_HARNESS_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#endif
