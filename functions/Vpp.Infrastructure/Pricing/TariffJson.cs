using System.Globalization;
using System.Text.Json;
using Vpp.Domain.Pricing;

namespace Vpp.Infrastructure.Pricing;

/// <summary>
/// Reads time-of-use tariffs in the acnportal JSON format: a name and a schedule of blocks, each with
/// effective_start/effective_end ("MM-DD", a day the month has), dow_mask (ALL, WEEKDAYS, WEEKENDS), local start hours
/// and prices. Every value must have its JSON type (a string where a string belongs, a number where a number does);
/// prices are per kWh in the currency's major unit, −10 to 10. Malformed tariffs fail with the field at fault.
/// </summary>
public static class TariffJson
{
    /// <summary>Per kWh, in the currency's major unit: beyond this a price is a typo (a market's scarcity cap is a few per kWh).</summary>
    public const decimal MaxAbsolutePricePerKwh = 10m;

    public const int MaxBlocks = 100;

    /// <summary>The tariff is kept as given, in one table property (at most 32K characters): a real tariff is a few kilobytes.</summary>
    public const int MaxDocumentLength = 16_000;

    public static TimeOfUseTariff Parse(string json)
    {
        if (json.Length > MaxDocumentLength)
        {
            throw new FormatException($"a tariff document is at most {MaxDocumentLength} characters; this one is {json.Length}.");
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"a tariff is a JSON object with 'name' and 'schedule', not {Kind(root)}.");
        }

        var name = OptionalString(root, "name", "tariff") ?? "tariff";
        if (!root.TryGetProperty("schedule", out var schedule) || schedule.ValueKind != JsonValueKind.Array || schedule.GetArrayLength() is 0 or > MaxBlocks)
        {
            throw new FormatException($"Tariff '{name}': 'schedule' must be an array of 1 to {MaxBlocks} blocks.");
        }

        var seasons = new List<TariffSeason>();
        var index = 0;
        foreach (var block in schedule.EnumerateArray())
        {
            var at = $"Tariff '{name}': schedule[{index++}]";
            if (block.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{at} must be an object, not {Kind(block)}.");
            }

            var times = Numbers(block, "times", at).Select(t => (double)t).ToList();
            var prices = Numbers(block, "tariffs", at);
            if (times.Count == 0 || times.Count != prices.Count || times[0] != 0 || times.Zip(times.Skip(1)).Any(p => p.First >= p.Second || p.Second >= 24))
            {
                throw new FormatException($"{at}: 'times' must start at 0, increase below 24 and match 'tariffs' one for one.");
            }

            if (prices.Any(p => Math.Abs(p) > MaxAbsolutePricePerKwh))
            {
                throw new FormatException($"{at}: 'tariffs' are prices per kWh from -{MaxAbsolutePricePerKwh} to {MaxAbsolutePricePerKwh}.");
            }

            seasons.Add(new TariffSeason(
                OptionalString(block, "id", at) ?? "",
                MonthDay(block, "effective_start", at),
                MonthDay(block, "effective_end", at),
                Days(OptionalString(block, "dow_mask", at) ?? "ALL", at),
                times,
                prices));
        }

        return new TimeOfUseTariff(name, seasons);
    }

    private static List<decimal> Numbers(JsonElement block, string field, string at)
    {
        if (!block.TryGetProperty(field, out var values) || values.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{at}: '{field}' must be an array of numbers.");
        }

        var numbers = new List<decimal>(values.GetArrayLength());
        foreach (var value in values.EnumerateArray())
        {
            numbers.Add(value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
                ? number
                : throw new FormatException($"{at}: '{field}' must be an array of numbers, and {value.GetRawText()} is not one we can price with."));
        }

        return numbers;
    }

    private static string? OptionalString(JsonElement element, string field, string at) =>
        !element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"{at}: '{field}' must be a string, not {Kind(value)}.");

    private static (int Month, int Day) MonthDay(JsonElement block, string field, string at)
    {
        var text = OptionalString(block, field, at);
        var parts = text?.Split('-');
        // A leap year's calendar: 02-29 is a day some years have; 02-31 is a day no year has.
        if (parts is not { Length: 2 } || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var month) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var day) || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2024, month))
        {
            throw new FormatException($"{at}: '{field}' must be \"MM-DD\", a day that month has, got '{text}'.");
        }

        return (month, day);
    }

    private static HashSet<DayOfWeek> Days(string mask, string at) => mask switch
    {
        "ALL" => [.. Enum.GetValues<DayOfWeek>()],
        "WEEKDAYS" => [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        "WEEKENDS" => [DayOfWeek.Saturday, DayOfWeek.Sunday],
        _ => throw new FormatException($"{at}: 'dow_mask' must be ALL, WEEKDAYS or WEEKENDS, got '{mask}'."),
    };

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();
}
