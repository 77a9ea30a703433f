// path: xen/include/asm-x86/hvm/domain.h
/* ok: double-space */
#define HVM_IOREQSRV_BUFIOREQ_OFF    0
/* ok: double-space */
#define HVM_IOREQSRV_BUFIOREQ_LEGACY 1
/* ok: double-space */
#  define HVM_NESTED 1
/* ok: double-space */
#define hvm_ioreq_ok(s)  ((s) != NULL && \
                          (s)->domain != NULL)
/* ok: double-space */
#define HVM_PAIR(a, b) do {     \
        (a) = (b);              \
    } while ( 0 )

struct hvm_ioreq_server {
    /* ok: double-space */
    struct domain          *domain;
    /* ok: double-space */
    domid_t                domid;
    /* ok: double-space */
    struct hvm_ioreq_page  ioreq;
    /* ok: double-space */
    int                    ioreq_evtchn[MAX_HVM_VCPUS];
};

struct hvm_pair {
    /* ok: double-space */
    struct pl_time          pl_time;
    struct hvm_ioreq_server *ioreq_server;
};

static const struct hvm_mmio_ops hvm_ops = {
    /* ok: double-space */
    .read_handler  = hvm_read,
    /* ok: double-space */
    .write_handler = hvm_write,
    /* ok: double-space */
    .check         = hvm_check,
};

static const int table[][2] = {
    /* ok: double-space */
    { 1,    10 },
    /* ok: double-space */
    { 100,  20 },
    /* ok: double-space */
    { 1000, 30 },
};

static inline int hvm_pair_sum(struct hvm_pair *p)
{
    /* ruleid: double-space */
    int sum =  p->pl_time.a;
    /* ruleid: double-space */
    return sum +  1;
}
