// path: drivers/net/wireless/ath/wil6210/pm.c
/* A word that names the driver the patch touches: `wil` (wil6210) is its directory,
 * though codespell reads it as a misspelt "will". */

// ok: spelling
/* Suspend the wil device only when no station is connected. */
int pm_can_suspend(struct device *dev)
{
	// ruleid: spelling
	/* otherwise the link is lost and has to be re-establised */
	return 0;
}
