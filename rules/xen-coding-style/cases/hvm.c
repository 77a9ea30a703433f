/* path: xen/arch/x86/hvm/ioreq.c */
/* SPDX-License-Identifier: GPL-2.0-only */

struct hvm_ioreq_server {
    struct domain          *domain;
    int                    buf_ioreq_evtchn;
};

static const struct hvm_io_ops ioreq_ops = {
    .read = hvm_ioreq_read,
};

static inline void hvm_ioreq_nop(struct vcpu *v) {}

/* ruleid: xen-coding-style */
static int hvm_ioreq_server_add_vcpu(struct hvm_ioreq_server *s, struct vcpu *vcpu)
{
    int rc;

    /* ruleid: xen-coding-style */
    if (v->vcpu_id == 0)
        return 0;
    /* ruleid: xen-coding-style */
    if( v->vcpu_id == 1 )
        return 1;
    /* ruleid: xen-coding-style */
    if ( rc < 0) {
        rc = alloc_unbound_xen_event_channel(v, s->domid, NULL);
    /* ruleid: xen-coding-style */
    } else {
        rc = 0;
    }
    /* ruleid: xen-coding-style */
    // Register ioreq event channel.
    s->ioreq_evtchn[v->vcpu_id] = rc;
    /* ruleid: xen-coding-style */
	s->buf_ioreq_evtchn = -1;
    /* ruleid: xen-coding-style */
      hvm_update_ioreq_server_evtchn(s);

    /* ok: xen-coding-style */
    for ( i = 0; i < MAX_HVM_VCPUS; i++ )
        s->ioreq_evtchn[i] = -1;
    /* ok: xen-coding-style */
    for ( ; ; )
        cpu_relax();
    /* ok: xen-coding-style */
    do {
        rc = hvm_map(s);
    /* ok: xen-coding-style */
    } while ( rc == -ERESTART );
    /* ok: xen-coding-style */
    switch ( rc )
    {
    /* ok: xen-coding-style */
    case 0:
        break;
    }
    /* ok: xen-coding-style */
    if ( (s->bufioreq_handling == HVM_IOREQSRV_BUFIOREQ_ATOMIC) &&
         (v->vcpu_id == 0) )
        rc = 1;
    /* ok: xen-coding-style */
    gprintk(XENLOG_ERR, "a user visible message is not split even when it is this long: %d\n", rc);
    /* ok: xen-coding-style */
    rc = hvm_ioreq_server_alloc_rangesets(s, id) + hvm_ioreq_count(s); /* its comment */
    /* ok: xen-coding-style */
    rc = hvm_ioreq_server_alloc_rangesets(s, id) + hvm_ioreq_server_count(s, 1);

/* ruleid: xen-coding-style */
done:
    return rc;
 /* ok: xen-coding-style */
 fail:
    return -EINVAL;
}
