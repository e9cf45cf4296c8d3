using System.Globalization;
using System.Text;
using Vpp.Application.Dispatch;
using Vpp.Domain.Devices;

namespace Vpp.Functions.Dispatch;

/// <summary>
/// An event's report as CSV (its columns are listed with the report's route in the README): one row per device and 15-minute interval, then one row per
/// interval for the whole event (device_id <c>TOTAL</c>); instants in UTC, ISO 8601; kW and kWh with a point.
/// </summary>
public static class DispatchReportCsv
{
    public const string Header = "event_id,device_id,customer_id,device_type,role,commanded,opted_out_utc,overridden_utc,released_utc,interval_start_utc,baseline_kw,measured_kw,delivered_kw,delivered_kwh";

    public static string Write(DispatchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder().AppendLine(Header);
        foreach (var device in report.Devices)
        {
            foreach (var interval in device.Intervals)
            {
                Row(csv, report.EventId, device.DeviceId, device.CustomerId, device.Type.ToWire(), device.Role.ToString().ToLowerInvariant(), device.Commanded ? "true" : "false",
                    device.OptedOutUtc, device.OverriddenUtc, device.ReleasedUtc, interval);
            }
        }

        foreach (var interval in report.Totals)
        {
            Row(csv, report.EventId, "TOTAL", null, null, null, null, null, null, null, interval);
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, string eventId, string deviceId, string? customerId, string? type, string? role, string? commanded,
        DateTimeOffset? optedOut, DateTimeOffset? overridden, DateTimeOffset? released, DispatchReportInterval interval) =>
        csv.AppendLine(string.Join(',',
            Field(eventId), Field(deviceId), Field(customerId), type, role, commanded, Instant(optedOut), Instant(overridden), Instant(released), Instant(interval.StartUtc),
            Number(interval.BaselineKw), Number(interval.MeasuredKw), Number(interval.DeliveredKw), Number(interval.DeliveredKwh)));

    /// <summary>Ids are ours or the utility's; one with a comma or a quote is quoted, as RFC 4180 says.</summary>
    private static string Field(string? text) =>
        text is null ? string.Empty : text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static string Instant(DateTimeOffset? instant) => instant?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
