// path: drivers/hv/channel.c
/* outside networking code the rule says nothing */
// ok: inline-in-c-file
static inline u32 hv_ring_avail(u32 r, u32 w) { return r - w; }
