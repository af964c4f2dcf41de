using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgUi.Runtime.Tools;

/// <summary>
/// Turns C# methods into backend tools with <see cref="AIFunctionFactory"/>: the schema comes from the
/// method's parameters and <c>[Description]</c>s. Parameters are bound here rather than by the factory's
/// defaults: a <see cref="ToolContext"/> parameter gets the run, a parameter whose type the app's services
/// provide gets that service (neither is in the schema), and every other parameter is read from the
/// model's arguments, where a missing, mistyped or out-of-range value becomes a message the model can act on.
/// </summary>
internal static class ToolFunctionFactory
{
    /// <summary>How arguments are read and results written: the Microsoft.Extensions.AI defaults (camelCase, string enums), compact.</summary>
    public static readonly JsonSerializerOptions SerializerOptions = CreateSerializerOptions();

    public static AIFunction Create(Delegate method, ToolOptions options, IServiceProvider services) =>
        AIFunctionFactory.Create(method, FactoryOptions(options, services));

    public static AIFunction Create(MethodInfo method, Func<AIFunctionArguments, object>? createInstance, ToolOptions options, IServiceProvider services) =>
        createInstance is null
            ? AIFunctionFactory.Create(method, target: null, FactoryOptions(options, services))
            : AIFunctionFactory.Create(method, createInstance, FactoryOptions(options, services));

    private static AIFunctionFactoryOptions FactoryOptions(ToolOptions options, IServiceProvider services)
    {
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        return new AIFunctionFactoryOptions
        {
            Name = options.Name,
            Description = options.Description,
            SerializerOptions = SerializerOptions,
            ExcludeResultSchema = true,
            ConfigureParameterBinding = parameter => Bind(parameter, isService),
        };
    }

    private static AIFunctionFactoryOptions.ParameterBindingOptions Bind(ParameterInfo parameter, IServiceProviderIsService isService)
    {
        var type = parameter.ParameterType;
        if (type == typeof(ToolContext))
        {
            return FromRun((_, arguments) => arguments.Context?[typeof(ToolContext)]
                ?? throw new InvalidOperationException("The tool was called without its ToolContext."));
        }

        if (parameter.GetCustomAttribute<FromKeyedServicesAttribute>() is { } keyed)
        {
            return FromRun((_, arguments) => ServicesOf(arguments).GetRequiredKeyedService(type, keyed.Key));
        }

        if (type == typeof(IServiceProvider) || type == typeof(AIFunctionArguments))
        {
            return default;
        }

        if (isService.IsService(type))
        {
            return FromRun((_, arguments) => ServicesOf(arguments).GetRequiredService(type));
        }

        var reader = new ToolArgumentReader(parameter, SerializerOptions);
        return new AIFunctionFactoryOptions.ParameterBindingOptions { BindParameter = (_, arguments) => reader.Read(arguments) };
    }

    private static AIFunctionFactoryOptions.ParameterBindingOptions FromRun(Func<ParameterInfo, AIFunctionArguments, object?> bind) =>
        new() { BindParameter = bind, ExcludeFromSchema = true };

    private static JsonSerializerOptions CreateSerializerOptions()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions) { WriteIndented = false };
        options.MakeReadOnly();
        return options;
    }

    private static IServiceProvider ServicesOf(AIFunctionArguments arguments) =>
        arguments.Services ?? throw new InvalidOperationException("The tool was called without the app's services.");
}

/// <summary>Reads one parameter from the model's arguments, or says what is wrong with them.</summary>
internal sealed class ToolArgumentReader(ParameterInfo parameter, JsonSerializerOptions serializerOptions)
{
    private readonly string name = parameter.Name ?? throw new ArgumentException("A tool parameter needs a name.", nameof(parameter));
    private readonly bool acceptsNull = IsNullable(parameter);

    public object? Read(AIFunctionArguments arguments)
    {
        if (!arguments.TryGetValue(name, out var value) || value is null || value is JsonElement { ValueKind: JsonValueKind.Null })
        {
            return value is null && !arguments.ContainsKey(name) ? Missing() : Null();
        }

        try
        {
            var element = value as JsonElement? ?? JsonSerializer.SerializeToElement(value, serializerOptions);
            return element.Deserialize(serializerOptions.GetTypeInfo(parameter.ParameterType));
        }
        catch (JsonException ex)
        {
            throw new ToolArgumentException($"'{name}' must be {Expected(ex)}.");
        }
    }

    private object? Missing() => parameter.HasDefaultValue
        ? parameter.DefaultValue
        : throw new ToolArgumentException($"missing required argument '{name}'.");

    private object? Null() => acceptsNull ? null
        : parameter.HasDefaultValue ? parameter.DefaultValue
        : throw new ToolArgumentException($"'{name}' must not be null.");

    private string Expected(JsonException exception)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (type.IsEnum)
        {
            var names = Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, serializerOptions));
            return $"one of {string.Join(", ", names)}";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "an integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.DateTime => "an ISO 8601 date and time",
            _ => $"a value that matches its schema ({FirstSentence(exception.Message)})",
        };
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }

    private static bool IsNullable(ParameterInfo parameter) =>
        Nullable.GetUnderlyingType(parameter.ParameterType) is not null ||
        (!parameter.ParameterType.IsValueType && new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.Nullable);
}

/// <summary>The model's arguments do not fit the tool's parameters; the message says how.</summary>
internal sealed class ToolArgumentException(string message) : Exception(message);
