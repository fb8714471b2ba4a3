/* mem.c — the huge-page hint of rod_mem.h. Only the whole 2 MiB-aligned
 * pieces inside the block are advised: madvise() needs page alignment and
 * a huge page can only back a naturally aligned 2 MiB range anyway.
 */
#define _DEFAULT_SOURCE
#include "rod_mem.h"

#include <stdint.h>
#include <sys/mman.h>

enum { HUGE_PAGE = 2 * 1024 * 1024 };

void rod_mem_large(void *block, size_t size)
{
#ifdef MADV_HUGEPAGE
    if (!block || size < 2 * (size_t)HUGE_PAGE)
        return;
    uintptr_t start = ((uintptr_t)block + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t end = ((uintptr_t)block + size) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)block;
    (void)size;
#endif
}
