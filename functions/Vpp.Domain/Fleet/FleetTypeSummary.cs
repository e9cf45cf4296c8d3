namespace Vpp.Domain.Fleet;

/// <summary>Counts and totals for one device type within a fleet snapshot.</summary>
public sealed class FleetTypeSummary
{
    public int Online { get; set; }

    public int Offline { get; set; }

    public int NeverReported { get; set; }

    /// <summary>Online devices out of the program's control now (an opt-out): counted online, their flexibility not on offer.</summary>
    public int OptedOut { get; set; }

    public double PowerKw { get; set; }

    public Flexibility Flexibility { get; set; }
}
