using System.Text.Json.Nodes;

namespace Vpp.Infrastructure.DeviceHub;

/// <summary>Twin patch semantics (JSON merge patch: objects merge, null removes).</summary>
public static class JsonMerge
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject child && target[name] is JsonObject existing)
            {
                Apply(existing, child);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }

    /// <summary>Applies a patch to desired or reported properties and bumps their <c>$version</c>.</summary>
    public static JsonObject Versioned(JsonObject current, JsonObject patch)
    {
        var next = (JsonObject)current.DeepClone();
        var version = next["$version"]?.GetValue<long>() ?? 0;
        var cleaned = (JsonObject)patch.DeepClone();
        cleaned.Remove("$version");
        Apply(next, cleaned);
        next["$version"] = version + 1;
        return next;
    }
}
