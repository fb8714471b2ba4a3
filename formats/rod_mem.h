/* rod_mem.h — a hint for large blocks of memory.
 *
 * A book of a few megabytes touches tens of megabytes of fresh memory while
 * it is parsed and written, and on Linux each fresh 4 KiB page costs a
 * fault. rod_mem_large() asks the kernel to back the 2 MiB-aligned interior
 * of a large block with transparent huge pages, one fault per 2 MiB. It is a
 * hint only: it never fails and does nothing on small blocks or on systems
 * without madvise(MADV_HUGEPAGE).
 *
 * Ownership: the block stays the caller's; nothing is allocated.
 */
#ifndef ROD_MEM_H
#define ROD_MEM_H

#include <stddef.h>

void rod_mem_large(void *block, size_t size);

#endif
