using System.Globalization;

namespace Vpp.Application.Settlement;

/// <summary>One version of a program's month: what names a run within its program.</summary>
public readonly record struct SettlementRunVersion(DateOnly Month, int Version)
{
    public static SettlementRunVersion Of(SettlementRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run.Month, run.Version);
    }

    /// <summary>As the API shows it: <c>2026-06 v1</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Month:yyyy-MM} v{Version}");
}
