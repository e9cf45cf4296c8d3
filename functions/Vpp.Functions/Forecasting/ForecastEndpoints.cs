using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Forecasting;
using Vpp.Application.Programs;
using Vpp.Domain.Calendar;
using Vpp.Functions.Security;

namespace Vpp.Functions.Forecasting;

public static class ForecastEndpoints
{
    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(14);

    public static IEndpointRouteBuilder MapForecastApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/programs/{programId}/forecast", async (string programId, string? from, string? to, IProgramStore programs, IForecastStore forecasts, TimeProvider clock, CancellationToken ct) =>
            {
                if (await programs.FindAsync(programId, ct) is not { } program)
                {
                    return Problems.NotFound($"program '{programId}' does not exist");
                }

                var zone = program.FindTimeZone();
                var now = clock.GetUtcNow();
                var defaultFrom = UtcIntervals.Floor(now, TimeSpan.FromHours(1));
                if (!TryParseBound(from, zone, endOfDay: false, out var start))
                {
                    return Problems.Validation("from", "an instant with its offset (2026-11-22T14:00:00Z) or a local date (2026-11-22)");
                }

                if (!TryParseBound(to, zone, endOfDay: true, out var end))
                {
                    return Problems.Validation("to", "an instant with its offset (2026-11-23T00:00:00+01:00) or a local date, included (2026-11-23)");
                }

                var fromUtc = start ?? defaultFrom;
                var toUtc = end ?? fromUtc.AddHours(ForecastService.HorizonHours);
                if (toUtc <= fromUtc || toUtc - fromUtc > MaxSpan)
                {
                    return Problems.Validation("to", $"must be after 'from' and at most {MaxSpan.TotalDays:0} days after it");
                }

                var intervals = await forecasts.FindAsync(programId, fromUtc, toUtc, ct);
                return Results.Ok(new
                {
                    programId,
                    timeZone = program.TimeZoneId,
                    fromUtc,
                    toUtc,
                    intervals = intervals.Select(i => new
                    {
                        i.StartUtc,
                        localStart = TimeZoneInfo.ConvertTime(i.StartUtc, zone),
                        i.IntervalMinutes,
                        i.LoadKw,
                        i.SolarKw,
                        i.FlexibilityByType,
                        i.IssuedUtc,
                        i.ModelVersion,
                        i.InputsFromUtc,
                        i.InputsToUtc,
                    }),
                });
            })
            .RequireAuthorization(Policies.ProgramManager)
            .WithName("GetForecast")
            .WithSummary("The latest hourly forecast of the homes' baseline load, their rooftop solar output and each device type's flexibility (P10/P50/P90), with model version and inputs' time span. Defaults to the next 48 hours.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Absent is fine (a default applies); an instant needs its offset; a local date means its midnight (or the next one for an end).</summary>
    private static bool TryParseBound(string? text, TimeZoneInfo zone, bool endOfDay, out DateTimeOffset? bound)
    {
        bound = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            bound = LocalDays.StartUtc(date.AddDays(endOfDay ? 1 : 0), zone);
            return true;
        }

        var hasOffset = text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            bound = instant.ToUniversalTime();
            return true;
        }

        return false;
    }
}
