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

/* From '[PATCH] sysctl: Remove sentinel elements from drivers' (linux-hyperv, 2023-09):
 * a struct of sized ctl_table arrays, the last one a real one-element table */
struct parport_sysctl_table {
	struct ctl_table_header *port_header;
	struct ctl_table vars[5];
	// ok: fake-flexible-array
	struct ctl_table device_dir[1];
};

struct hv_output_withdraw_memory {
	// ruleid: fake-flexible-array
	__u64 gpa_page_list[0];
} __packed;

/* the v1 of the same sysctl series: the sized arrays sit in #if branches */
struct parport_sysctl_table_v1 {
	struct ctl_table_header *port_header;
#ifdef CONFIG_PARPORT_1284
	struct ctl_table vars[10];
#else
	struct ctl_table vars[5];
#endif /* IEEE 1284 support */
	// ok: fake-flexible-array
	struct ctl_table device_dir[1];
};
