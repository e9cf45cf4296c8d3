using System.Globalization;
using System.Text.Json;
using Vpp.Domain.Pricing;

namespace Vpp.Infrastructure.Pricing;

/// <summary>
/// Reads time-of-use tariffs in the acnportal JSON format: a name and a schedule of blocks, each with
/// effective_start/effective_end ("MM-DD"), dow_mask (ALL, WEEKDAYS, WEEKENDS), local start hours and prices.
/// Malformed tariffs fail with the field at fault.
/// </summary>
public static class TariffJson
{
    public static TimeOfUseTariff Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var name = root.TryGetProperty("name", out var n) ? n.GetString() ?? "tariff" : "tariff";
        if (!root.TryGetProperty("schedule", out var schedule) || schedule.ValueKind != JsonValueKind.Array || schedule.GetArrayLength() == 0)
        {
            throw new FormatException($"Tariff '{name}': 'schedule' must be a non-empty array.");
        }

        var seasons = new List<TariffSeason>();
        var index = 0;
        foreach (var block in schedule.EnumerateArray())
        {
            var at = $"Tariff '{name}': schedule[{index++}]";
            var times = Numbers(block, "times", at).ToList();
            var prices = Numbers(block, "tariffs", at).Select(p => (decimal)p).ToList();
            if (times.Count == 0 || times.Count != prices.Count || times[0] != 0 || times.Zip(times.Skip(1)).Any(p => p.First >= p.Second || p.Second >= 24))
            {
                throw new FormatException($"{at}: 'times' must start at 0, increase below 24 and match 'tariffs' one for one.");
            }

            seasons.Add(new TariffSeason(
                block.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "",
                MonthDay(block, "effective_start", at),
                MonthDay(block, "effective_end", at),
                Days(block.TryGetProperty("dow_mask", out var mask) ? mask.GetString() : "ALL", at),
                times,
                prices));
        }

        return new TimeOfUseTariff(name, seasons);
    }

    private static IEnumerable<double> Numbers(JsonElement block, string field, string at) =>
        block.TryGetProperty(field, out var values) && values.ValueKind == JsonValueKind.Array && values.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number)
            ? values.EnumerateArray().Select(v => v.GetDouble())
            : throw new FormatException($"{at}: '{field}' must be an array of numbers.");

    private static (int Month, int Day) MonthDay(JsonElement block, string field, string at)
    {
        var text = block.TryGetProperty(field, out var value) ? value.GetString() : null;
        var parts = text?.Split('-');
        if (parts is not { Length: 2 } || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var month) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var day) || month is < 1 or > 12 || day is < 1 or > 31)
        {
            throw new FormatException($"{at}: '{field}' must be \"MM-DD\", got '{text}'.");
        }

        return (month, day);
    }

    private static HashSet<DayOfWeek> Days(string? mask, string at) => mask switch
    {
        "ALL" => [.. Enum.GetValues<DayOfWeek>()],
        "WEEKDAYS" => [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        "WEEKENDS" => [DayOfWeek.Saturday, DayOfWeek.Sunday],
        _ => throw new FormatException($"{at}: 'dow_mask' must be ALL, WEEKDAYS or WEEKENDS, got '{mask}'."),
    };
}
