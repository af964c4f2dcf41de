using System.Reflection;
using System.Text.Json.Serialization;
using AgUi.Protocol.Events;
using AgUi.Protocol.Messages;
using static AgUi.Protocol.Tests.Json.WireJson;

namespace AgUi.Protocol.Tests.Json;

public class WireRoundTripTests
{
    public static TheoryData<string> EventNames => EventCases.Names;

    public static TheoryData<string> MessageNames => MessageCases.Names;

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Event_serializes_to_its_wire_json(string name)
    {
        var (agUiEvent, json) = EventCases.All[name];

        var written = Serialize(agUiEvent);

        AssertSameJson(json, written);
        AssertNoNullProperties(written);
        Assert.Equal(name.Split(' ')[0], (string?)written["type"]);
        Assert.Equal(agUiEvent.Type, (string?)written["type"]);
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Event_wire_json_reads_back_to_the_same_type_and_json(string name)
    {
        var (agUiEvent, json) = EventCases.All[name];

        var read = DeserializeEvent(json);

        Assert.IsType(agUiEvent.GetType(), read);
        AssertSameJson(json, Serialize(read));
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_serializes_to_its_wire_json(string name)
    {
        var (message, json) = MessageCases.All[name];

        var written = Serialize(message);

        AssertSameJson(json, written);
        AssertNoNullProperties(written);
        Assert.Equal(name.Split(' ')[0], (string?)written["role"]);
        Assert.Equal(message.Role, (string?)written["role"]);
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_wire_json_reads_back_to_the_same_type_and_json(string name)
    {
        var (message, json) = MessageCases.All[name];

        var read = DeserializeMessage(json);

        Assert.IsType(message.GetType(), read);
        AssertSameJson(json, Serialize(read));
    }

    [Fact]
    public void Every_event_type_of_the_protocol_has_a_wire_case()
    {
        var covered = EventCases.All.Values.Select(c => c.Event.Type).ToHashSet();

        Assert.Equal(31, WireNames(typeof(EventTypes)).Count);
        Assert.All(WireNames(typeof(EventTypes)), wireName => Assert.Contains(wireName, covered));
    }

    [Fact]
    public void Every_message_role_and_content_part_has_a_wire_case()
    {
        var roles = MessageCases.All.Values.Select(c => c.Message.Role).ToHashSet();
        var partTypes = MessageCases.All.Values
            .Select(c => c.Message)
            .SelectMany(m => m switch
            {
                UserMessage u => u.Content.Parts ?? [],
                ToolMessage t => t.Content.Parts ?? [],
                _ => [],
            })
            .Select(p => p.GetType())
            .ToHashSet();
        var sourceTypes = MessageCases.All.Values
            .Select(c => c.Message)
            .OfType<UserMessage>()
            .SelectMany(u => u.Content.Parts ?? [])
            .OfType<MediaPart>()
            .Select(p => p.Source.GetType())
            .ToHashSet();

        Assert.Equal(WireNames(typeof(MessageRoles)).Order(), roles.Order());
        Assert.Equal(DerivedTypes<ContentPart>().Order(), partTypes.Select(t => t.Name).Order());
        Assert.Equal(DerivedTypes<PartSource>().Order(), sourceTypes.Select(t => t.Name).Order());
    }

    [Fact]
    public void Patch_operation_keeps_an_explicit_null_value()
    {
        var json = """{"type":"STATE_DELTA","delta":[{"op":"replace","path":"/a","value":null}]}""";

        AssertSameJson(json, Serialize(DeserializeEvent(json)));
    }

    [Fact]
    public void Null_state_snapshot_and_custom_value_stay_null()
    {
        var snapshot = """{"type":"STATE_SNAPSHOT","snapshot":null}""";
        var custom = """{"type":"CUSTOM","name":"n","value":null}""";

        AssertSameJson(snapshot, Serialize(DeserializeEvent(snapshot)));
        AssertSameJson(custom, Serialize(DeserializeEvent(custom)));
    }

    [Fact]
    public void Null_in_optional_free_form_fields_is_not_written_back()
    {
        var json = """
            {"type":"RUN_FINISHED","threadId":"t","runId":"r","result":null,"rawEvent":null,"metadata":null}
            """;

        AssertSameJson("""{"type":"RUN_FINISHED","threadId":"t","runId":"r"}""", Serialize(DeserializeEvent(json)));
    }

    private static List<string> WireNames(Type constants) =>
        constants.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToList();

    private static IEnumerable<string> DerivedTypes<TBase>() =>
        typeof(TBase).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType.Name);
}
