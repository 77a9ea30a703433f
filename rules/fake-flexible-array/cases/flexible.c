// path: include/linux/hyperv.h
struct vmtransfer_page_packet_header {
	struct vmpacket_descriptor d;
	u16 xfer_pageset_id;
	u8  sender_owns_set;
	u8 reserved;
	u32 range_cnt;
	// ok: fake-flexible-array
	struct vmtransfer_page_range ranges[];
} __packed;

struct hv_page_buffer_pad {
	u32 len;
	// ok: fake-flexible-array
	u8 rsvd_z[1];
};

struct hv_two {
	u32 len;
	// ok: fake-flexible-array
	u32 data[2];
};
