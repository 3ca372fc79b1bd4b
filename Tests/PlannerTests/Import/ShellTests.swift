import Planner
import Spec
import Testing

@Suite struct ShellTests {
    @Test func wordsQuotesContinuationsAndComments() throws {
        let text = "# comment\ndocker run -d \\\n  --name 'a b' -e \"X=\\\"q\\\"\" img:1 -flag $HOME # tail\n"
        let commands = try ShellWords.commands(text, file: "f").get()
        #expect(commands.count == 1)
        #expect(commands[0].map(\.text) == ["docker", "run", "-d", "--name", "a b", "-e", "X=\"q\"", "img:1", "-flag", "$HOME"])
        #expect(commands[0][4].location == SourceLocation(file: "f", line: 3, column: 10))
        #expect(commands[0][9].expands)
    }

    @Test func anUnclosedQuoteIsLocated() {
        guard case .failure(let d) = ShellWords.commands("docker run 'x", file: "f") else { Issue.record("no error"); return }
        #expect(d.location == SourceLocation(file: "f", line: 1, column: 12))
    }

    @Test func dockerRunOptionsAreSkippedUpToTheImage() throws {
        let words = try ShellWords.commands("docker run -dit --rm -p8935:8935 -v /a:/root/.lpData:ro --gpus=all -e LP_NVIDIA=0 --network host livepeer/go-livepeer:v0.9.1 -aiWorker", file: "f").get()[0]
        let run = try #require(try DockerRunLine.parse(words)?.get())
        #expect(run.image.text == "livepeer/go-livepeer:v0.9.1")
        #expect(run.binds.map(\.container) == ["/root/.lpData"])
        #expect(run.environment["LP_NVIDIA"] == "0")
        #expect(run.arguments.map(\.text) == ["-aiWorker"])
    }

    @Test func goFlagRules() {
        let (invocation, problems) = LivepeerCommand.read("livepeer -aiWorker=true --orchAddr=o:8935 -nvidia 0,1 -AIServiceRegistry -monitor true -v 6", file: "f")
        #expect(invocation?.value("orchAddr") == "o:8935")
        #expect(invocation?.isSet("aiWorker") == true)
        #expect(invocation?.value("nvidia") == "0,1")
        #expect(invocation?.flags["v"] == nil, "flag parsing stopped at 'true'")
        #expect(problems.map(\.id) == ["lpai.import.unknown-flag", "lpai.import.flag-stop"])
        #expect(problems.first?.message.contains("-aiServiceRegistry") == true)
    }

    @Test func environmentVariablesSetFlagsAsFfDoes() {
        let (invocation, _) = LivepeerCommand.read("docker run -e LP_NVIDIA=0,1 -e LP_AIWORKER=true livepeer/go-livepeer:v0.9.1 -orchAddr o", file: "f")
        #expect(invocation?.value("nvidia") == "0,1")
        #expect(invocation?.isSet("aiWorker") == true)
    }

    @Test func secretFlagValuesAreRedacted() {
        let text = "docker run -e LP_ORCHSECRET=hunter2 img -orchSecret 'hunter3' -ethPassword=hunter4 -orchAddr o"
        let redacted = Redaction.commandLine(text)
        for secret in ["hunter2", "hunter3", "hunter4"] { #expect(!redacted.contains(secret)) }
        #expect(redacted.contains("-orchAddr o"))
        #expect(redacted.count == text.count)
    }

    @Test func argumentListsReadBackWordForWord() throws {
        let args = ["/usr/local/bin/livepeer", "-aiRunnerImageOverrides", #"{"default":"x y'z"}"#, "-orchAddr", "o:1"]
        let words = try ShellWords.commands(LivepeerCommand.shellText(args), file: "f").get()
        #expect(words.first?.map(\.text) == args)
    }
}

@Suite struct FlagSecretTests {
    @Test func aMisspeltSecretFlagsValueIsNeverQuoted() {
        let (_, problems) = LivepeerCommand.read("-aiWorker -OrchSecret hunter2 -orchAddr o:8935", file: "f")
        #expect(problems.map(\.id) == ["lpai.import.unknown-flag"])
        #expect(!problems.contains { $0.message.contains("hunter2") })
        #expect(problems.first?.message.contains("did you mean -orchSecret?") == true)
    }
}
