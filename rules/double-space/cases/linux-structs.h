// path: include/linux/mshv_eventfd.h
struct kernel_mshv_ioeventfd {
	struct list_head     list;
	u64                  addr;
	int                  length;
	/* ok: double-space */
	struct eventfd_ctx  *eventfd;
	u64                  datamatch;
};

/* ok: double-space */
#define  MSHV_DEV_VFIO_GROUP			1
#define   MSHV_DEV_VFIO_GROUP_ADD		1

enum hv_partition_isolation_state {
	/*
	 * Initial and final state for all non-isolated partitions.
	 */
	/* ok: double-space */
	HV_PARTITION_ISOLATION_INVALID        = 0,

	/*
	 * An "Insecure" partition is not being used by the trusted host
	 * component. In this state, VPs can be created and deleted.
	 */
	HV_PARTITION_ISOLATION_INSECURE_CLEAN = 1,
};

struct hv_input_get_gpa_pages_access_state {
	/* ruleid: double-space */
	__u64  partition_id;
	union hv_gpa_page_access_state_flags flags;
	__u64 hv_gpa_page_number;
} __packed;
