// path: drivers/gpu/drm/tiny/appletbdrm.c
/* Words of the kernel's own vocabulary that codespell lists as misspellings, from
 * linux-hyperv patches of 2026: a list of DRM drivers (drm/gud is one), "bootup" (how
 * the kernel says it, in Kconfig help and comments), `filp` (every file operation's
 * parameter). The kernel word list accepts them; its real misspellings still fire. */

// ok: spelling
/* Examples can be found in a number of drivers, such as ast, gud, ingenic. */
static int appletbdrm_probe(struct usb_interface *intf)
{
	// ok: spelling
	/* At bootup, the device is left in its default mode. */
	// ok: spelling
	/* the filp of the device file is not kept */
	// ruleid: spelling
	/* the buffer is alocated once */
	return 0;
}
