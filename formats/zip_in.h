/* zip_in.h — reading members of a zip archive (EPUB, .fb2.zip) held in
 * memory, with the limits a hostile archive needs. Not a public interface.
 *
 *   rod_zip *z = NULL;
 *   if (rod_zip_open(data, len, diag, &z) == ROD_OK) {
 *       char *xml; size_t n;
 *       if (rod_zip_read(z, "META-INF/container.xml", &xml, &n, diag) == ROD_OK) {
 *           ...; free(xml);
 *       }
 *       rod_zip_free(z);
 *   }
 *
 * Limits: a member may inflate to at most ROD_ZIP_MAX_MEMBER bytes, all
 * members read from one archive to ROD_ZIP_MAX_TOTAL, and a member over
 * 1 MiB inflated may not be more than ROD_ZIP_MAX_RATIO times its packed
 * size. Each is checked against the sizes the archive claims and again
 * while inflating, since a bomb can lie about its sizes. The total counts
 * each member once however often it is read, so a book that names one
 * chapter many times is not refused for it (nor let past the limit).
 *
 * The total is what bounds an importer's memory: text read from an archive
 * costs about three times its size by the time it is a book and an output
 * (the parse tree of the largest member comes and goes on top), so 128 MiB
 * keeps a whole conversion under 512 MB. Real books inflate to a few MiB of
 * text; their images do not inflate at all. Members whose
 * names climb out with "..", start with "/" or hold a backslash or NUL are
 * not readable (with a warning at open); encrypted members are refused.
 *
 * Ownership: rod_zip_open gives the caller the archive (rod_zip_free);
 * `data` is borrowed and must outlive it. rod_zip_read gives a malloc'd,
 * NUL-terminated copy. Errors: ROD_ERR_INPUT with a message in diag.
 */
#ifndef ROD_ZIP_IN_H
#define ROD_ZIP_IN_H

#include <stdbool.h>
#include <stddef.h>

#include "rod_diag.h"

#define ROD_ZIP_MAX_MEMBER ((size_t)64 << 20)
#define ROD_ZIP_MAX_TOTAL ((size_t)128 << 20)
#define ROD_ZIP_MAX_RATIO 200

typedef struct rod_zip rod_zip;

rod_err rod_zip_open(const char *data, size_t len, rod_diag *diag, rod_zip **out);
void rod_zip_free(rod_zip *zip);

/* True when the archive holds a readable member of that exact name. */
bool rod_zip_has(const rod_zip *zip, const char *name);
/* Number of members, and the name of one (NULL for unreadable names). */
size_t rod_zip_count(const rod_zip *zip);
const char *rod_zip_name(const rod_zip *zip, size_t i);

/* Inflates a member. Errors (missing, encrypted, over a limit, damaged)
 * are ROD_ERR_INPUT with a message naming the member. */
rod_err rod_zip_read(rod_zip *zip, const char *name, char **data, size_t *len, rod_diag *diag);

#endif
