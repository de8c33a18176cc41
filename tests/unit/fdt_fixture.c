#include "fdt_fixture.h"

/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

void *fixture_load_dtb(const char *path, size_t slack, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fail_msg("cannot open %s", path);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *raw = malloc((size_t)size);
    assert_non_null(raw);
    assert_int_equal(fread(raw, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    size_t total = (size_t)size + slack;
    void *buf = calloc(1, total);
    assert_non_null(buf);
    assert_int_equal(fdt_open_into(raw, buf, (int)total), 0);
    free(raw);
    *len = total;
    return buf;
}
