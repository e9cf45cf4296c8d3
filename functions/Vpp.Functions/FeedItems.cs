using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;

namespace Vpp.Functions;

/// <summary>
/// The items of a feed delivery (weather, prices): each needs an instant with its offset and a value, named by its
/// place in the list; the feed's own rules come after.
/// </summary>
internal static class FeedItems
{
    public static (List<TItem> Items, List<FieldError> Errors) Read<TRequest, TValue, TItem>(
        IReadOnlyList<TRequest?> requested,
        string listField,
        (string Field, Func<TRequest, string?> Of) start,
        (string Field, string Hint, Func<TRequest, TValue?> Of) value,
        Func<TRequest, DateTimeOffset, TValue, TItem> create)
        where TRequest : class
        where TValue : struct
    {
        var items = new List<TItem>(requested.Count);
        var errors = new List<FieldError>();
        for (var i = 0; i < requested.Count; i++)
        {
            var field = $"{listField}[{i}].";
            var item = requested[i];
            if (!Instants.TryParseWithOffset(item is null ? null : start.Of(item), out var at))
            {
                errors.Add(new FieldError(field + start.Field, "required, an instant with its offset (2026-11-22T14:00:00Z)"));
            }

            if (item is null || value.Of(item) is not { } read)
            {
                errors.Add(new FieldError(field + value.Field, "required, " + value.Hint));
                continue;
            }

            items.Add(create(item, at, read));
        }

        return (items, errors);
    }
}
