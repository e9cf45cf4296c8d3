using System.Globalization;
using Microsoft.Extensions.ObjectPool;
using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

/// <summary>
/// One batch's accepted messages laid out by device and month for counting, with the working memory that goes with
/// them. Ingestion takes a batch from a pool and gives it back: a thousand messages' arrays, the group index and the
/// readings list would otherwise be allocated (some on the large-object heap) for every batch, all day.
/// </summary>
internal sealed class IngestionBatch : IResettable
{
    private readonly Dictionary<(string DeviceId, int Month), int> groupIndex = [];
    private readonly Dictionary<int, string> monthNames = [];
    private readonly Comparison<int> byTimeThenSequence;
    private Message[] messages = new Message[64];
    private int[] groupOf = new int[64];
    private int[] order = new int[64];
    private int[] next = new int[64];

    public IngestionBatch()
    {
        byTimeThenSequence = (a, b) =>
            (messages[a].Content.Timestamp, messages[a].Content.Sequence).CompareTo((messages[b].Content.Timestamp, messages[b].Content.Sequence));
    }

    public int Count { get; private set; }

    /// <summary>The device-month groups in order of first appearance, after <see cref="Group"/>.</summary>
    public List<DeviceMonth> Groups { get; } = [];

    /// <summary>The newest reading of each device whose ledger moved on, collected while counting.</summary>
    public List<IngestedReading> Latest { get; } = [];

    /// <summary>Ledger workspaces not in use: one serves device after device while stores answer synchronously.</summary>
    public Stack<LedgerWorkspace> IdleLedgers { get; } = new();

    public ref readonly Message this[int index] => ref messages[index];

    /// <summary>
    /// The slot the next message is parsed into, in place: a message is larger than a cache line, and a copy per step
    /// adds up at a million a second. It joins the batch only when <see cref="Accept"/> follows; otherwise the next
    /// message takes the slot.
    /// </summary>
    public ref TelemetryMessage Pending(TelemetryEvent source)
    {
        if (Count == messages.Length)
        {
            Array.Resize(ref messages, Count * 2);
            groupOf = new int[messages.Length];
            order = new int[messages.Length];
        }

        messages[Count].Source = source;
        return ref messages[Count].Content;
    }

    /// <summary>The message <see cref="Pending"/> gave the slot of, as parsed.</summary>
    public ref readonly TelemetryMessage PendingContent => ref messages[Count].Content;

    /// <summary>The pending message joins the batch, from this device.</summary>
    public void Accept(DeviceRegistration device) => messages[Count++].Device = device;

    /// <summary>
    /// Lays the messages' indices out by device and month, without a list per group: count, then place. Each group's
    /// messages are in time order, as a device's ledger counts them.
    /// </summary>
    public void Group()
    {
        for (var i = 0; i < Count; i++)
        {
            var (year, month, _) = messages[i].Content.Timestamp.UtcDateTime;
            var key = (messages[i].Device.DeviceId, (year * 100) + month);
            if (!groupIndex.TryGetValue(key, out var g))
            {
                groupIndex[key] = g = Groups.Count;
                Groups.Add(new DeviceMonth(key.DeviceId, MonthName(key.Item2), 0, 0));
            }

            groupOf[i] = g;
            Groups[g] = Groups[g] with { Count = Groups[g].Count + 1 };
        }

        // Each group's start, then each message placed at its group's next free index.
        if (next.Length < Groups.Count)
        {
            next = new int[messages.Length];
        }

        var start = 0;
        for (var g = 0; g < Groups.Count; g++)
        {
            Groups[g] = Groups[g] with { Start = start };
            next[g] = start;
            start += Groups[g].Count;
        }

        for (var i = 0; i < Count; i++)
        {
            order[next[groupOf[i]]++] = i;
        }

        foreach (var group in Groups)
        {
            if (group.Count > 1)
            {
                order.AsSpan(group.Start, group.Count).Sort(byTimeThenSequence);
            }
        }
    }

    /// <summary>The indices of one group's messages, in time order.</summary>
    public ArraySegment<int> ItemsOf(in DeviceMonth group) => new(order, group.Start, group.Count);

    public bool TryReset()
    {
        // Cleared so the pool does not keep the batch's events and registrations alive (with a pending slot's event).
        Array.Clear(messages, 0, Math.Min(Count + 1, messages.Length));
        Count = 0;
        Groups.Clear();
        groupIndex.Clear();
        Latest.Clear();
        return true;
    }

    private string MonthName(int month)
    {
        if (!monthNames.TryGetValue(month, out var name))
        {
            monthNames[month] = name = month.ToString("D6", CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>One accepted message: the device it came from, its content, and the event that carried it. Filled in place.</summary>
    internal struct Message
    {
        public DeviceRegistration Device;
        public TelemetryMessage Content;
        public TelemetryEvent Source;
    }

    /// <summary>One device's messages for one UTC month (<c>yyyyMM</c>): <see cref="Count"/> indices from <see cref="Start"/>.</summary>
    internal readonly record struct DeviceMonth(string DeviceId, string Month, int Start, int Count);
}
