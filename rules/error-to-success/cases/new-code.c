int f(struct desc *desc)
{
    if (!desc)
        return -EINVAL;
    if (desc->action) {
        /* ok: error-to-success */
        return 0;
    }
    return 1;
}
