namespace Vpp.Domain.Dispatch;

/// <summary>
/// Which parts an event no longer needs once a manager lowers its target during the event: devices shedding more than
/// the new target and its reserve margin ask of them are released early, so customers are not held for load nobody
/// asked for and less deferred load comes back at the end. The largest parts go first (the fewest households are moved
/// again), each only if what stays still sheds the kW to keep in every interval from now to the end where the part
/// sheds: an interval the plan already falls short in (a plan for "as much as available" sheds least in its first hour,
/// where the batteries carry it alone) does not hold back a car that sheds nothing then.
/// </summary>
public static class SurplusRelease
{
    /// <summary>
    /// The parts of <paramref name="shedding"/> to release now so that what stays sheds at least <paramref name="keepKw"/>
    /// (in the event's <paramref name="direction"/>: 1 for less load) at each of <paramref name="instants"/>, now first.
    /// </summary>
    public static IReadOnlyList<DispatchAssignment> Choose(IEnumerable<DispatchAssignment> shedding, IReadOnlyList<DateTimeOffset> instants, double keepKw, int direction)
    {
        ArgumentNullException.ThrowIfNull(shedding);
        ArgumentNullException.ThrowIfNull(instants);
        if (instants.Count == 0)
        {
            return [];
        }

        var parts = shedding.Select(a => (Part: a, Kw: instants.Select(i => direction * a.ShedKwAt(i)).ToArray()))
            .Select(p => (p.Part, p.Kw, MeanKw: p.Kw.Average()))
            .ToList();
        var staying = Enumerable.Range(0, instants.Count).Select(t => parts.Sum(p => p.Kw[t])).ToArray();
        var released = new List<DispatchAssignment>();
        foreach (var (part, kw, _) in parts.Where(p => p.MeanKw > DispatchAssignment.CommandToleranceKw)
            .OrderByDescending(p => p.MeanKw).ThenBy(p => p.Part.DeviceId, StringComparer.Ordinal))
        {
            if (Enumerable.Range(0, staying.Length).All(t => kw[t] <= 0 || staying[t] - kw[t] >= keepKw))
            {
                for (var t = 0; t < staying.Length; t++)
                {
                    staying[t] -= kw[t];
                }

                released.Add(part);
            }
        }

        return released;
    }
}
