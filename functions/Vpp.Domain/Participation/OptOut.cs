using Vpp.Domain.Devices;

namespace Vpp.Domain.Participation;

/// <summary>
/// A window in which one device is out of the program's control, at its customer's wish (or the program's, for them):
/// the planner holds it at what it would draw undispatched, and the device follows no pushed schedule. Withdrawing one
/// ends it then, and keeps it: what was opted out is part of the device's record.
/// </summary>
public sealed record OptOut(
    string OptOutId,
    string ProgramId,
    string DeviceId,
    DateTimeOffset FromUtc,
    DateTimeOffset UntilUtc,
    string? Reason,
    string RequestedBy,
    DateTimeOffset RequestedUtc,
    DateTimeOffset? WithdrawnUtc = null)
{
    /// <summary>A longer absence is leaving the program, not opting out of it.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(31);

    /// <summary>How far ahead a window may be booked: beyond any plan and beyond most customers' plans too.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(60);

    /// <summary>
    /// A start this little before the request counts as now (the customer's clock, the request's journey); earlier, the
    /// customer would be opting out of control already exercised.
    /// </summary>
    public static readonly TimeSpan StartTolerance = TimeSpan.FromMinutes(15);

    public const int MaxReasonLength = 200;

    /// <summary>
    /// How many opt-outs not yet ended one device may hold: every one of them rides in the device's twin, which IoT Hub
    /// caps, and more than this is a customer leaving the program a few days at a time.
    /// </summary>
    public const int MaxHeld = 20;

    /// <summary>Ids are ours ("oo-" and the request's instant and a random part); anything longer is not one.</summary>
    public const int MaxIdLength = 64;

    public static bool IsWellFormedId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Whether the window covers any of [<paramref name="fromUtc"/>, <paramref name="untilUtc"/>); one withdrawn before it began covers nothing.</summary>
    public bool Overlaps(DateTimeOffset fromUtc, DateTimeOffset untilUtc) => FromUtc < UntilUtc && FromUtc < untilUtc && UntilUtc > fromUtc;

    /// <summary>Whether the window has ended by <paramref name="now"/>.</summary>
    public bool EndedBy(DateTimeOffset now) => UntilUtc <= now;

    /// <summary>Ends the window at <paramref name="now"/> (at its start, if it has not begun); a window already over or withdrawn stays as it was.</summary>
    public OptOut WithdrawnAt(DateTimeOffset now) =>
        EndedBy(now) || WithdrawnUtc is not null ? this : this with { UntilUtc = now < FromUtc ? FromUtc : now, WithdrawnUtc = now };

    /// <summary>
    /// A new window from a request made at <paramref name="now"/>: from <paramref name="fromUtc"/> (now when unsaid, or
    /// when it is at most <see cref="StartTolerance"/> before now) until <paramref name="untilUtc"/>; or what is wrong
    /// with the request, by field. <paramref name="held"/> are the device's opt-outs: a window may not overlap one in
    /// force or coming (withdraw that one, or choose another window), and a device holds at most <see cref="MaxHeld"/>
    /// that have not ended.
    /// </summary>
    public static (OptOut? OptOut, IReadOnlyList<FieldError> Errors) Request(string optOutId, DeviceRegistration device, DateTimeOffset? fromUtc,
        DateTimeOffset untilUtc, string? reason, string requestedBy, DateTimeOffset now, IReadOnlyCollection<OptOut> held)
    {
        var errors = new List<FieldError>();
        var from = fromUtc is { } asked && asked > now - StartTolerance && asked < now ? now : fromUtc ?? now;
        if (from < now)
        {
            errors.Add(new FieldError("fromUtc", "must not be in the past: control already exercised cannot be opted out of"));
        }
        else if (from > now + MaxAhead)
        {
            errors.Add(new FieldError("fromUtc", $"must be within {MaxAhead.TotalDays:0} days from now"));
        }

        if (untilUtc <= from)
        {
            errors.Add(new FieldError("untilUtc", "must be after the start"));
        }
        else if (untilUtc - from > MaxLength)
        {
            errors.Add(new FieldError("untilUtc", $"an opt-out lasts at most {MaxLength.TotalDays:0} days; a longer absence is leaving the program"));
        }

        if (reason is { Length: > MaxReasonLength })
        {
            errors.Add(new FieldError("reason", $"at most {MaxReasonLength} characters"));
        }

        var inForce = held.Where(o => !o.EndedBy(now) && o.FromUtc < o.UntilUtc).ToList();
        if (errors.Count == 0 && inForce.FirstOrDefault(o => o.Overlaps(from, untilUtc)) is { } overlapped)
        {
            var message = $"overlaps opt-out '{overlapped.OptOutId}' ({overlapped.FromUtc:O} to {overlapped.UntilUtc:O}); withdraw it, or choose a window outside it";
            errors.Add(new FieldError("fromUtc", message));
            errors.Add(new FieldError("untilUtc", message));
        }
        else if (inForce.Count >= MaxHeld)
        {
            errors.Add(new FieldError("untilUtc", $"the device already holds {MaxHeld} opt-outs that have not ended, the most it may; withdraw one first"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new OptOut(optOutId, device.ProgramId, device.DeviceId, from, untilUtc, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), requestedBy, now), []);
    }
}
