using Microsoft.AspNetCore.Http;
using Vpp.Application.Programs;
using Vpp.Domain.Calendar;

namespace Vpp.Functions;

/// <summary>
/// The <c>from</c> and <c>to</c> query parameters of a time-range read: each an instant with its offset or a local date
/// in the program's time zone (a <c>to</c> date is included), absent for the endpoint's default.
/// </summary>
public static class TimeRangeQuery
{
    public const string FromDescription = "An instant with its offset (2026-11-22T18:00:00Z) or a local date in the program's time zone.";
    public const string ToDescription = "An instant with its offset, or a local date (included).";

    /// <summary>
    /// The program a time-range read is about and the range, read in its time zone; by default from
    /// <paramref name="defaultBehind"/> before the current hour, <paramref name="defaultSpan"/> long. A problem when the
    /// program does not exist or a bound is bad.
    /// </summary>
    public static async Task<(VppProgram? Program, DateTimeOffset FromUtc, DateTimeOffset ToUtc, IResult? Problem)> ForProgramAsync(
        string programId, string? from, string? to, IProgramStore programs, TimeProvider clock, TimeSpan defaultBehind, TimeSpan defaultSpan, TimeSpan maxSpan, CancellationToken cancellationToken)
    {
        if (await programs.FindAsync(programId, cancellationToken) is not { } program)
        {
            return (null, default, default, Problems.NotFound($"program '{programId}' does not exist"));
        }

        var currentHour = UtcIntervals.Floor(clock.GetUtcNow(), TimeSpan.FromHours(1));
        var (fromUtc, toUtc, problem) = Parse(from, to, program.FindTimeZone(), currentHour - defaultBehind, defaultSpan, maxSpan);
        return (program, fromUtc, toUtc, problem);
    }

    public static (DateTimeOffset FromUtc, DateTimeOffset ToUtc, IResult? Problem) Parse(
        string? from, string? to, TimeZoneInfo zone, DateTimeOffset defaultFrom, TimeSpan defaultSpan, TimeSpan maxSpan)
    {
        if (!TryParseBound(from, zone, endOfDay: false, out var start))
        {
            return (default, default, Problems.Validation("from", $"an instant with its offset (2026-11-22T14:00:00Z) or a local date (2026-11-22), in {Instants.EarliestYear}-{Instants.LatestYear}"));
        }

        if (!TryParseBound(to, zone, endOfDay: true, out var end))
        {
            return (default, default, Problems.Validation("to", $"an instant with its offset (2026-11-23T00:00:00+01:00) or a local date, included (2026-11-23), in {Instants.EarliestYear}-{Instants.LatestYear}"));
        }

        var fromUtc = start ?? defaultFrom;
        var toUtc = end ?? fromUtc + defaultSpan;
        return toUtc <= fromUtc || toUtc - fromUtc > maxSpan
            ? (default, default, Problems.Validation("to", $"must be after 'from' and at most {maxSpan.TotalDays:0} days after it"))
            : (fromUtc, toUtc, null);
    }

    private static bool TryParseBound(string? text, TimeZoneInfo zone, bool endOfDay, out DateTimeOffset? bound)
    {
        bound = null;
        if (text is null)
        {
            return true;
        }

        if (Instants.TryParseDate(text, out var date))
        {
            bound = LocalDays.StartUtc(date.AddDays(endOfDay ? 1 : 0), zone);
            return true;
        }

        if (Instants.TryParseWithOffset(text, out var instant))
        {
            bound = instant;
            return true;
        }

        return false;
    }
}
