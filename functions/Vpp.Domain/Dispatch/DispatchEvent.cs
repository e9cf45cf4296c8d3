using Vpp.Domain.Devices;

namespace Vpp.Domain.Dispatch;

/// <summary>
/// A dispatch event: the utility asks the program's fleet for a change in load over a window (shed 40 MW from 17:00 to
/// 20:00 tomorrow; soak up midday solar; a 10-minute frequency event). It holds the devices of its types (and feeders,
/// when it names some) for the window, moves through its states only along <see cref="Allowed"/> moves, and keeps
/// every move with its time and cause. Program rules are <see cref="DispatchRules"/>'.
/// </summary>
public sealed record DispatchEvent(
    string EventId,
    string ProgramId,
    DispatchEventKind Kind,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    double? TargetKw,
    IReadOnlyList<DeviceType> DeviceTypes,
    IReadOnlyList<string> Feeders,
    DispatchNotice Notice,
    bool IsTest,
    string? Message,
    DispatchEventStatus Status,
    IReadOnlyList<DispatchTransition> History)
{
    /// <summary>A target above this is not a household fleet's: 10 GW.</summary>
    public const double MaxTargetKw = 10_000_000;

    public const int MaxMessageLength = 500;
    public const int MaxFeeders = 50;
    public const int MaxFeederLength = 64;

    private static readonly Dictionary<DispatchEventStatus, DispatchEventStatus[]> Allowed = new()
    {
        [DispatchEventStatus.Proposed] = [DispatchEventStatus.Scheduled, DispatchEventStatus.Cancelled],
        [DispatchEventStatus.Scheduled] = [DispatchEventStatus.Notified, DispatchEventStatus.Cancelled, DispatchEventStatus.Failed],
        [DispatchEventStatus.Notified] = [DispatchEventStatus.Preconditioning, DispatchEventStatus.Active, DispatchEventStatus.Cancelled, DispatchEventStatus.Failed],
        [DispatchEventStatus.Preconditioning] = [DispatchEventStatus.Active, DispatchEventStatus.Cancelled, DispatchEventStatus.Failed],
        [DispatchEventStatus.Active] = [DispatchEventStatus.Restoring, DispatchEventStatus.Cancelled, DispatchEventStatus.Failed],
        [DispatchEventStatus.Restoring] = [DispatchEventStatus.Completed, DispatchEventStatus.Cancelled, DispatchEventStatus.Failed],
    };

    /// <summary>Completed, cancelled or failed: nothing moves it any more.</summary>
    public bool IsOver => Status is DispatchEventStatus.Completed or DispatchEventStatus.Cancelled or DispatchEventStatus.Failed;

    /// <summary>Whether it holds its devices for its window: once scheduled, until cancelled or failed (a completed event held them).</summary>
    public bool Holds => Status is not (DispatchEventStatus.Proposed or DispatchEventStatus.Cancelled or DispatchEventStatus.Failed);

    /// <summary>Whether it counts against the season's limits: a real event that holds its devices.</summary>
    public bool CountsAgainstLimits => !IsTest && Holds;

    /// <summary>Whether the two events' windows overlap on devices both would command: a shared type, and a shared feeder unless either takes all.</summary>
    public bool Overlaps(DispatchEvent other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.ProgramId == ProgramId
               && StartUtc < other.EndUtc && other.StartUtc < EndUtc
               && DeviceTypes.Intersect(other.DeviceTypes).Any()
               && (Feeders.Count == 0 || other.Feeders.Count == 0 || Feeders.Intersect(other.Feeders, StringComparer.Ordinal).Any());
    }

    /// <summary>
    /// A new event, proposed (for a manager to confirm) or scheduled, as of <paramref name="now"/>; or what is wrong with
    /// its fields. The program's rules are checked apart (<see cref="DispatchRules.Check"/>).
    /// </summary>
    public static (DispatchEvent? Event, IReadOnlyList<FieldError> Errors) Create(
        string eventId, string programId, DispatchEventKind kind, DateTimeOffset startUtc, DateTimeOffset endUtc, double? targetKw,
        IReadOnlyCollection<DeviceType> deviceTypes, IReadOnlyCollection<string>? feeders, DispatchNotice notice, bool isTest, string? message,
        bool proposed, string cause, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deviceTypes);
        var errors = new List<FieldError>();
        if (endUtc <= startUtc)
        {
            errors.Add(new("end", "must be after the start"));
        }

        if (targetKw is { } kw && !(kw > 0 && kw <= MaxTargetKw))
        {
            errors.Add(new("targetKw", $"more than 0 and at most {MaxTargetKw:0} kW, or left out for as much as is available"));
        }

        if (deviceTypes.Count == 0)
        {
            errors.Add(new("deviceTypes", "at least one of battery, ev-charger, water-heater, thermostat"));
        }

        var feederList = (feeders ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (feederList.Count > MaxFeeders || feederList.Any(f => f is null or { Length: 0 or > MaxFeederLength }))
        {
            errors.Add(new("feeders", $"at most {MaxFeeders} feeder tags of 1 to {MaxFeederLength} characters"));
        }

        if (message is { Length: > MaxMessageLength })
        {
            errors.Add(new("message", $"at most {MaxMessageLength} characters"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var status = proposed ? DispatchEventStatus.Proposed : DispatchEventStatus.Scheduled;
        return (new DispatchEvent(eventId, programId, kind, startUtc, endUtc, targetKw, [.. deviceTypes.Distinct().Order()], feederList, notice, isTest,
            string.IsNullOrWhiteSpace(message) ? null : message.Trim(), status, [new DispatchTransition(null, status, now, cause)]), []);
    }

    /// <summary>Moves to <paramref name="to"/> at <paramref name="now"/> for <paramref name="cause"/>, when that move is allowed from here.</summary>
    public DispatchChange MoveTo(DispatchEventStatus to, DateTimeOffset now, string cause) =>
        Allowed.TryGetValue(Status, out var next) && next.Contains(to)
            ? DispatchChange.Done(this with { Status = to, History = [.. History, new DispatchTransition(Status, to, now, cause)] })
            : DispatchChange.Refused($"a {Name(Status)} event cannot become {Name(to)}");

    /// <summary>A proposed event confirmed by a manager: it is scheduled.</summary>
    public DispatchChange Confirm(DateTimeOffset now, string by) =>
        Status == DispatchEventStatus.Proposed
            ? MoveTo(DispatchEventStatus.Scheduled, now, $"confirmed by {by}")
            : DispatchChange.Refused($"only a proposed event is confirmed; this one is {Name(Status)}");

    /// <summary>Cancelled, before or during: an event under way restores at once.</summary>
    public DispatchChange Cancel(DateTimeOffset now, string cause) => MoveTo(DispatchEventStatus.Cancelled, now, cause);

    /// <summary>
    /// A new target (null: as much as is available) or end, before the event is over; an end may not fall before now or
    /// the start. The changed event is to be checked against the program's rules again.
    /// </summary>
    public DispatchChange Change(double? targetKw, bool changeTarget, DateTimeOffset? endUtc, DateTimeOffset now, string by)
    {
        if (IsOver)
        {
            return DispatchChange.Refused($"a {Name(Status)} event no longer changes");
        }

        if (changeTarget && targetKw is { } kw && !(kw > 0 && kw <= MaxTargetKw))
        {
            return DispatchChange.Refused($"a target is more than 0 and at most {MaxTargetKw:0} kW");
        }

        if (endUtc is { } end && (end <= StartUtc || end <= now))
        {
            return DispatchChange.Refused("the end must be after the start and not in the past");
        }

        var changes = new List<string>();
        var changed = this;
        if (changeTarget && targetKw != TargetKw)
        {
            changes.Add($"target {Kw(TargetKw)} → {Kw(targetKw)}");
            changed = changed with { TargetKw = targetKw };
        }

        if (endUtc is { } newEnd && newEnd != EndUtc)
        {
            changes.Add($"end {EndUtc:O} → {newEnd:O}");
            changed = changed with { EndUtc = newEnd };
        }

        return changes.Count == 0
            ? DispatchChange.Done(this)
            : DispatchChange.Done(changed with { History = [.. History, new DispatchTransition(Status, Status, now, $"{string.Join("; ", changes)} by {by}")] });
    }

    public static string Name(DispatchEventStatus status) => status.ToString().ToLowerInvariant();

    private static string Kw(double? kw) => kw is { } value ? $"{value:0.###} kW" : "as much as available";
}
