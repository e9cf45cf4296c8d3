using System.Globalization;

namespace Vpp.Infrastructure.Tables;

/// <summary>Row keys that are UTC minutes (yyyyMMddTHHmm): they sort by time, so a time range is a key range.</summary>
internal static class TimeKey
{
    private const string Format = "yyyyMMdd'T'HHmm";

    public static string Of(DateTimeOffset instant) => instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string key) =>
        DateTimeOffset.ParseExact(key, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>A partition's rows keyed in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), or from <paramref name="fromUtc"/> on.</summary>
    public static string Range(string partitionKey, DateTimeOffset fromUtc, DateTimeOffset? toUtc = null) =>
        TableRows.KeyRange(partitionKey, Of(fromUtc), toUtc is { } to ? Of(to) : null);
}
