namespace Vigil.Ctl.WalTools;

/// <summary>Series and samples of one scrape target (job and instance labels) across the WAL and its checkpoint.</summary>
internal sealed class WalTargetStats(string job, string instance)
{
    public string Job { get; } = job;

    public string Instance { get; } = instance;

    public int Series { get; set; }

    public int Samples { get; set; }
}
