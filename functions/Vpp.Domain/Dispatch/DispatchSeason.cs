namespace Vpp.Domain.Dispatch;

/// <summary>
/// The months a program may call events in, e.g. May to October, or November to March across the new year; each
/// season is named by the year it starts in. Event and hour limits count per season.
/// </summary>
public sealed record DispatchSeason(int FirstMonth, int LastMonth)
{
    public static DispatchSeason WholeYear { get; } = new(1, 12);

    public bool IsValid => FirstMonth is >= 1 and <= 12 && LastMonth is >= 1 and <= 12;

    /// <summary>The season a local date falls in (the year it started), or null outside every season.</summary>
    public int? SeasonOf(DateOnly localDate)
    {
        var month = localDate.Month;
        if (FirstMonth <= LastMonth)
        {
            return month >= FirstMonth && month <= LastMonth ? localDate.Year : null;
        }

        return month >= FirstMonth ? localDate.Year : month <= LastMonth ? localDate.Year - 1 : null;
    }
}
