// path: xen/arch/x86/hvm/ioreq.c
static int hvm_set_ioreq_server_pfn(struct hvm_ioreq_server *s, unsigned long pfn)
{
    struct domain *d = s->domain;
    int rc;
    // ruleid: trailing-whitespace
    rc = hvm_set_ioreq_page(d, &s->ioreq, pfn);  
    // ruleid: trailing-whitespace
    if ( rc < 0 )	
        return rc;
    // ruleid: trailing-whitespace
    	
    // ok: trailing-whitespace
    hvm_update_ioreq_server_evtchn(s);
    // ok: trailing-whitespace

    /* ruleid: trailing-whitespace */
    /* 
     * Xen's CODING_STYLE names this one: a blank after the opening of a block comment.
     */
    return 0;
}
