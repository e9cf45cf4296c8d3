using Vpp.Domain.Dispatch;

namespace Vpp.Functions.Dispatch;

/// <summary>How the API spells event kinds, notices and states: lower case, words joined by hyphens.</summary>
public static class DispatchWireNames
{
    public static string ToWire(this DispatchEventKind kind) => kind.ToString().ToLowerInvariant();

    public static string ToWire(this DispatchNotice notice) => notice switch
    {
        DispatchNotice.DayAhead => "day-ahead",
        DispatchNotice.HourAhead => "hour-ahead",
        _ => "immediate",
    };

    public static string ToWire(this DispatchEventStatus status) => DispatchEvent.Name(status);

    public static bool TryParseKind(string? wire, out DispatchEventKind kind) =>
        TryParse(wire, [DispatchEventKind.Reduce, DispatchEventKind.Increase, DispatchEventKind.Frequency], k => k.ToWire(), out kind);

    public static bool TryParseNotice(string? wire, out DispatchNotice notice) =>
        TryParse(wire, [DispatchNotice.DayAhead, DispatchNotice.HourAhead, DispatchNotice.Immediate], n => n.ToWire(), out notice);

    public static bool TryParseStatus(string? wire, out DispatchEventStatus status) => TryParse(wire, Enum.GetValues<DispatchEventStatus>(), s => s.ToWire(), out status);

    private static bool TryParse<T>(string? wire, IEnumerable<T> values, Func<T, string> name, out T value)
        where T : struct
    {
        foreach (var candidate in values)
        {
            if (string.Equals(name(candidate), wire, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
