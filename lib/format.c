/* Freestanding formatted output; see include/keel/format.h. */
#include <keel/format.h>
#include <stdbool.h>
#include <stdint.h>

struct fmt_out {
    char *buf;
    size_t size;
    size_t len;
};

struct fmt_spec {
    bool left, zero, plus, space, alt;
    int width;
    int precision; /* -1: none */
    int length;    /* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size_t */
};

static void out_char(struct fmt_out *o, char c)
{
    if (o->len + 1 < o->size) {
        o->buf[o->len] = c;
    }
    o->len++;
}

static void out_repeat(struct fmt_out *o, char c, int n)
{
    for (int i = 0; i < n; i++) {
        out_char(o, c);
    }
}

static const char *parse_flags(const char *f, struct fmt_spec *s)
{
    for (;; f++) {
        switch (*f) {
        case '-':
            s->left = true;
            break;
        case '0':
            s->zero = true;
            break;
        case '+':
            s->plus = true;
            break;
        case ' ':
            s->space = true;
            break;
        case '#':
            s->alt = true;
            break;
        default:
            return f;
        }
    }
}

static const char *parse_number(const char *f, int *n, va_list *ap)
{
    if (*f == '*') {
        *n = va_arg(*ap, int);
        return f + 1;
    }
    *n = 0;
    while (*f >= '0' && *f <= '9') {
        *n = *n * 10 + (*f++ - '0');
    }
    return f;
}

static const char *parse_length(const char *f, struct fmt_spec *s)
{
    if (f[0] == 'h') {
        s->length = (f[1] == 'h') ? -2 : -1;
        return f + ((f[1] == 'h') ? 2 : 1);
    }
    if (f[0] == 'l') {
        s->length = (f[1] == 'l') ? 2 : 1;
        return f + ((f[1] == 'l') ? 2 : 1);
    }
    if (f[0] == 'z' || f[0] == 't' || f[0] == 'j') {
        s->length = 3;
        return f + 1;
    }
    return f;
}

static const char *parse_spec(const char *f, struct fmt_spec *s, va_list *ap)
{
    *s = (struct fmt_spec){.precision = -1};
    f = parse_flags(f, s);
    f = parse_number(f, &s->width, ap);
    if (s->width < 0) {
        s->left = true;
        s->width = -s->width;
    }
    if (*f == '.') {
        f = parse_number(f + 1, &s->precision, ap);
        if (s->precision < 0) {
            s->precision = -1;
        }
    }
    return parse_length(f, s);
}

static uint64_t arg_unsigned(const struct fmt_spec *s, va_list *ap)
{
    switch (s->length) {
    case -2:
        return (unsigned char)va_arg(*ap, unsigned int);
    case -1:
        return (unsigned short)va_arg(*ap, unsigned int);
    case 1:
        return va_arg(*ap, unsigned long);
    case 2:
        return va_arg(*ap, unsigned long long);
    case 3:
        return va_arg(*ap, size_t);
    default:
        return va_arg(*ap, unsigned int);
    }
}

static int64_t arg_signed(const struct fmt_spec *s, va_list *ap)
{
    switch (s->length) {
    case -2:
        return (signed char)va_arg(*ap, int);
    case -1:
        return (short)va_arg(*ap, int);
    case 1:
        return va_arg(*ap, long);
    case 2:
        return va_arg(*ap, long long);
    case 3:
        return (int64_t)va_arg(*ap, size_t);
    default:
        return va_arg(*ap, int);
    }
}

/* Prints digits of v in base with sign/prefix, honouring width, precision
 * and the flags. */
static void out_number(struct fmt_out *o, const struct fmt_spec *s, uint64_t v, unsigned base,
                       bool upper, const char *prefix)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    int prefix_len = 0;

    while (prefix[prefix_len] != '\0') {
        prefix_len++;
    }
    if (!(v == 0 && s->precision == 0)) {
        do {
            tmp[n++] = digits[v % base];
            v /= base;
        } while (v != 0);
    }
    int zeros = (s->precision > n) ? s->precision - n : 0;
    int total = prefix_len + zeros + n;
    int pad = (s->width > total) ? s->width - total : 0;

    if (s->zero && !s->left && s->precision < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!s->left) {
        out_repeat(o, ' ', pad);
    }
    for (int i = 0; i < prefix_len; i++) {
        out_char(o, prefix[i]);
    }
    out_repeat(o, '0', zeros);
    while (n > 0) {
        out_char(o, tmp[--n]);
    }
    if (s->left) {
        out_repeat(o, ' ', pad);
    }
}

static void out_string(struct fmt_out *o, const struct fmt_spec *s, const char *str)
{
    int n = 0;

    if (str == NULL) {
        str = "(null)";
    }
    while (str[n] != '\0' && (s->precision < 0 || n < s->precision)) {
        n++;
    }
    int pad = (s->width > n) ? s->width - n : 0;
    if (!s->left) {
        out_repeat(o, ' ', pad);
    }
    for (int i = 0; i < n; i++) {
        out_char(o, str[i]);
    }
    if (s->left) {
        out_repeat(o, ' ', pad);
    }
}

static void out_signed(struct fmt_out *o, const struct fmt_spec *s, int64_t v)
{
    const char *sign = s->plus ? "+" : (s->space ? " " : "");
    uint64_t mag = (uint64_t)v;

    if (v < 0) {
        sign = "-";
        mag = 0 - mag;
    }
    out_number(o, s, mag, 10, false, sign);
}

/* Handles one conversion character; returns false if it is unknown. */
static bool out_conversion(struct fmt_out *o, struct fmt_spec *s, char conv, va_list *ap)
{
    char c;

    switch (conv) {
    case 'd':
    case 'i':
        out_signed(o, s, arg_signed(s, ap));
        return true;
    case 'u':
        out_number(o, s, arg_unsigned(s, ap), 10, false, "");
        return true;
    case 'x':
        out_number(o, s, arg_unsigned(s, ap), 16, false, s->alt ? "0x" : "");
        return true;
    case 'X':
        out_number(o, s, arg_unsigned(s, ap), 16, true, s->alt ? "0X" : "");
        return true;
    case 'o':
        out_number(o, s, arg_unsigned(s, ap), 8, false, s->alt ? "0" : "");
        return true;
    case 'p':
        s->length = 3;
        out_number(o, s, (uintptr_t)va_arg(*ap, void *), 16, false, "0x");
        return true;
    case 's':
        out_string(o, s, va_arg(*ap, const char *));
        return true;
    case 'c':
        c = (char)va_arg(*ap, int);
        s->precision = 1;
        out_string(o, s, &c);
        return true;
    case '%':
        out_char(o, '%');
        return true;
    default:
        return false;
    }
}

size_t fmt_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct fmt_out o = {buf, size, 0};
    va_list args;

    va_copy(args, ap);
    while (*fmt != '\0') {
        if (*fmt != '%') {
            out_char(&o, *fmt++);
            continue;
        }
        const char *start = fmt;
        struct fmt_spec spec;
        fmt = parse_spec(fmt + 1, &spec, &args);
        if (*fmt == '\0' || !out_conversion(&o, &spec, *fmt, &args)) {
            while (start < fmt) {
                out_char(&o, *start++);
            }
            if (*fmt == '\0') {
                break;
            }
            out_char(&o, *fmt);
        }
        fmt++;
    }
    va_end(args);
    if (size > 0) {
        buf[(o.len < size) ? o.len : size - 1] = '\0';
    }
    return o.len;
}

size_t fmt_format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    size_t n = fmt_vformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
