namespace Vpp.Domain.Calendar;

/// <summary>Fixed-length intervals on the UTC time line (quarter hours, hours), where plans and forecasts are keyed.</summary>
public static class UtcIntervals
{
    /// <summary>The start of the interval of length <paramref name="length"/> that contains <paramref name="instant"/>.</summary>
    public static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan length) =>
        new(instant.UtcTicks - (instant.UtcTicks % length.Ticks), TimeSpan.Zero);

    /// <summary>The first interval boundary at or after <paramref name="instant"/>: the instant itself when it is one.</summary>
    public static DateTimeOffset Ceiling(DateTimeOffset instant, TimeSpan length) =>
        new(instant.UtcTicks + ((length.Ticks - (instant.UtcTicks % length.Ticks)) % length.Ticks), TimeSpan.Zero);
}
