/* strmap.c — open addressing with linear probing, kept at most half full.
 * Importers insert a few thousand keys and never delete, so there is no
 * removal and no tombstones; FNV-1a is plenty for ids and paths.
 */
#include "rod_strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

void rod_strmap_free(rod_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    m->slots = NULL;
    m->n = m->cap = 0;
}

static rod_strmap_slot *slot_for(rod_strmap_slot *slots, size_t cap, const char *key)
{
    size_t i = (size_t)hash(key) & (cap - 1);
    while (slots[i].key && strcmp(slots[i].key, key) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static bool grow(rod_strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    rod_strmap_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *slot_for(slots, cap, m->slots[i].key) = m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return true;
}

bool rod_strmap_put(rod_strmap *m, const char *key, void *value)
{
    if ((m->n + 1) * 2 > m->cap && !grow(m))
        return false;
    rod_strmap_slot *s = slot_for(m->slots, m->cap, key);
    if (!s->key) {
        s->key = strdup(key);
        if (!s->key)
            return false;
        m->n++;
    }
    s->value = value;
    return true;
}

void *rod_strmap_get(const rod_strmap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    return slot_for(m->slots, m->cap, key)->value;
}
