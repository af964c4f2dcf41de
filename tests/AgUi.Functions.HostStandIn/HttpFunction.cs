using System.Text.Json;
using AgUi.Functions.HostStandIn.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace AgUi.Functions.HostStandIn;

/// <summary>
/// An HTTP-triggered function as the host routes it, read from the trigger binding the worker reported:
/// <c>{routePrefix}/{route}</c> (the route defaults to the function's name), the allowed methods (none
/// listed: any) and the auth level, which the stand-in records but does not enforce.
/// </summary>
public sealed class HttpFunction
{
    private readonly TemplateMatcher matcher;

    private HttpFunction(string name, string functionId, string triggerName, string route, IReadOnlyList<string> methods, string authLevel, string routePrefix)
    {
        Name = name;
        FunctionId = functionId;
        TriggerName = triggerName;
        Route = route;
        Methods = methods;
        AuthLevel = authLevel;
        var template = string.IsNullOrEmpty(routePrefix) ? route : $"{routePrefix}/{route}";
        matcher = new TemplateMatcher(TemplateParser.Parse(template), new RouteValueDictionary());
    }

    public string Name { get; }

    public string FunctionId { get; }

    /// <summary>The trigger binding's name: the invocation's input that carries the request.</summary>
    public string TriggerName { get; }

    public string Route { get; }

    /// <summary>As the binding lists them; the host compares them without regard to case.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>As the binding states it (<c>Anonymous</c>, <c>Function</c> or <c>Admin</c>); <c>Function</c> when absent.</summary>
    public string AuthLevel { get; }

    /// <summary>The HTTP function <paramref name="metadata"/> describes, or null when it has no HTTP trigger.</summary>
    public static HttpFunction? From(RpcFunctionMetadata metadata, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        foreach (var raw in metadata.RawBindings)
        {
            using var binding = JsonDocument.Parse(raw);
            var root = binding.RootElement;
            if (!string.Equals(Property(root, "type")?.GetString(), "httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var methods = Property(root, "methods") is { ValueKind: JsonValueKind.Array } list
                ? list.EnumerateArray().Select(m => m.GetString()!).ToArray()
                : [];
            return new HttpFunction(
                metadata.Name,
                metadata.FunctionId,
                Property(root, "name")?.GetString() ?? throw new InvalidDataException($"The trigger of {metadata.Name} has no name."),
                Property(root, "route")?.GetString() ?? metadata.Name,
                methods,
                Property(root, "authLevel")?.GetString() ?? "Function",
                routePrefix);
        }

        return null;
    }

    /// <summary>Whether the request is for this function, and the values of the route's parameters when it is.</summary>
    public bool Matches(HttpRequest request, out RouteValueDictionary routeValues)
    {
        ArgumentNullException.ThrowIfNull(request);
        routeValues = [];
        return (Methods.Count == 0 || Methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase)) &&
            matcher.TryMatch(request.Path, routeValues);
    }

    /// <summary>Binding JSON property names are matched without regard to case, as the host reads them.</summary>
    private static JsonElement? Property(JsonElement binding, string name)
    {
        foreach (var property in binding.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
