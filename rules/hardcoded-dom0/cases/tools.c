// path: tools/libxl/libxl_dom.c
int libxl__domain_first(uint32_t domid)
{
    // ok: hardcoded-dom0
    if (domid == 0)
        return 1;
    return 0;
}
