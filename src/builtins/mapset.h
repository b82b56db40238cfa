/* mapset.h — the Map/Set hash-table layout shared by mapset.c, the collector (gc_weak.c) and
 * the snapshot validator (snapshot_check.c). The layout and its invariants are described at
 * the top of mapset.c. */
#ifndef CRYO_MAPSET_H
#define CRYO_MAPSET_H

/* Words of a CELL_MISC(MISC_MAP_TABLE) table cell. */
enum { TBL_ENTRIES, TBL_BUCKETS, TBL_USED, TBL_LIVE, TBL_NEXT, TBL_REMOVED, TBL_FLAGS, TBL_SPARE,
       TBL_WORDS };
enum { TBLF_WEAK = 1 };                 /* TBL_FLAGS: a WeakMap/WeakSet table */

/* Map/Set iterators: CLASS_ITERATOR slot [2] holds family base + kind (keys, values, entries). */
#define ITER_MAP_BASE 0x200
#define ITER_SET_BASE 0x300

#endif
