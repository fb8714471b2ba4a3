/* fake_font.h — a font whose every character is half an em wide.
 *
 * Layout tests set text in it so every line break is known in advance: at
 * size 20 each code point (space included) is 10 px, so "aa bb cc" is
 * exactly 80 px. Ascent 0.8 em, descent 0.2 em.
 */
#ifndef ROD_FAKE_FONT_H
#define ROD_FAKE_FONT_H

#include "rod_measure.h"

static int fake_width(void *ctx, rod_font_spec f, const char *s, size_t n)
{
    (void)ctx;
    int chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars * (f.size / 2);
}

static void fake_extent(void *ctx, rod_font_spec f, int *ascent, int *descent)
{
    (void)ctx;
    *ascent = f.size * 4 / 5;
    *descent = f.size / 5;
}

static inline rod_measure fake_measure(void)
{
    return (rod_measure){NULL, fake_width, NULL, fake_extent};
}

#endif
