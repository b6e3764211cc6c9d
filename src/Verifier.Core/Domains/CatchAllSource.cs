namespace Verifier.Core.Domains;

/// <summary>Where the catch-all answer came from.</summary>
public enum CatchAllSource
{
    /// <summary>Not known: nothing cached, no probe asked for (or the probe did not tell).</summary>
    Unknown,

    /// <summary>From the per-domain cache of earlier SMTP probes.</summary>
    Cache,

    /// <summary>From an SMTP probe made for this request (<c>?probe=true</c>).</summary>
    Probe,
}
