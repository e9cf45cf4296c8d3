using Vpp.Domain.Devices;

namespace Vpp.Domain.Settlement;

/// <summary>
/// An enrolled device as settlement sees it: whose it is, what it can do, when it joined and left (local dates; it
/// counts through the day before <see cref="LeftOn"/>), and the kW pledged or measured when the program commits on those.
/// </summary>
public sealed record SettlementEnrolment(
    string DeviceId,
    string CustomerId,
    DeviceType Type,
    DeviceRatings Ratings,
    DateOnly EnrolledOn,
    DateOnly? LeftOn = null,
    double? PledgedKw = null,
    double? MeasuredKw = null)
{
    /// <summary>What the device can shed at most: a battery's (or bidirectional charger's) rated export, else its rated import.</summary>
    public double NameplateKw => Type is DeviceType.Battery && Ratings.MaxExportKw > 0 ? Ratings.MaxExportKw : Ratings.MaxImportKw;

    /// <summary>What it can swing between full import and full export, in kW: no interval delivers more than this × its length.</summary>
    public double MaxSwingKw => Ratings.MaxImportKw + Ratings.MaxExportKw;

    /// <summary>The days of the month starting <paramref name="first"/> it was enrolled.</summary>
    public int DaysEnrolledIn(DateOnly first)
    {
        var from = EnrolledOn > first ? EnrolledOn : first;
        var until = first.AddMonths(1);
        if (LeftOn is { } left && left < until)
        {
            until = left;
        }

        return Math.Max(0, until.DayNumber - from.DayNumber);
    }
}
