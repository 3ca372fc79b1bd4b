@testable import livepeer_standin
import Testing

/// The test-only simulated hosts: finding the worker's own container id, and which runners it sees.
@Suite struct SimulatedHostTests {
    static let id = "ef793a0d368797e692a2fcea170c81039357bda6156623310ec4c60f14bb7778"

    /// /proc/self/mountinfo of a `docker run --network host` container, as seen on Docker 20.10.
    static let mountinfo = """
        111 86 0:46 / / rw,relatime master:38 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/ABC,upperdir=/var/lib/docker/overlay2/x/diff
        112 111 0:48 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
        127 111 254:0 /tmp/lpai-engine/docker.sock /var/run/docker.sock rw,relatime - ext4 /dev/vda rw
        128 111 254:0 /var/lib/docker/containers/\(id)/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda rw,discard
        129 111 254:0 /var/lib/docker/containers/\(id)/hostname /etc/hostname rw,relatime - ext4 /dev/vda rw,discard
        130 111 254:0 /var/lib/docker/containers/\(id)/hosts /etc/hosts rw,relatime - ext4 /dev/vda rw,discard
        """

    @Test func containerIDComesFromTheFilesDockerBindMounts() {
        #expect(SimulatedHost.containerID(mountinfo: Self.mountinfo) == Self.id)
        // Another data root (`dockerd --data-root`) and only one of the three files.
        let other = "42 30 254:0 /srv/docker-data/containers/\(Self.id)/hostname /etc/hostname rw - ext4 /dev/vda rw\n"
        #expect(SimulatedHost.containerID(mountinfo: other) == Self.id)
    }

    @Test(arguments: [
        "",
        // Not in a container: the host's own mount table.
        "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n23 22 0:5 / /dev rw - devtmpfs udev rw",
        // The right file, mounted somewhere else.
        "42 30 254:0 /var/lib/docker/containers/\(SimulatedHostTests.id)/hostname /mnt/hostname rw - ext4 /dev/vda rw",
        // Not a 64-digit lower-case hex id.
        "42 30 254:0 /var/lib/docker/containers/\(SimulatedHostTests.id.dropLast())/hostname /etc/hostname rw - ext4 /dev/vda rw",
        "42 30 254:0 /var/lib/docker/containers/\(SimulatedHostTests.id.uppercased())/hosts /etc/hosts rw - ext4 /dev/vda rw",
        // Not under a `containers` folder, or another file of the container's folder.
        "42 30 254:0 /var/lib/docker/volumes/\(SimulatedHostTests.id)/hostname /etc/hostname rw - ext4 /dev/vda rw",
        "42 30 254:0 /var/lib/docker/containers/\(SimulatedHostTests.id)/config.v2.json /etc/hostname rw - ext4 /dev/vda rw",
        // Truncated line.
        "42 30 254:0 /var/lib/docker/containers/\(SimulatedHostTests.id)/hostname",
    ])
    func noContainerIDWithoutDockersMounts(mountinfo: String) {
        #expect(SimulatedHost.containerID(mountinfo: mountinfo) == nil)
    }

    @Test func aSimulatedHostSeesOnlyItsOwnRunners() {
        let own = ["creator": "ai-worker", "creator_id": "", "io.lpai.standin.host": "h1"]
        let other = ["creator": "ai-worker", "creator_id": "", "io.lpai.standin.host": "h2"]
        let faithful = ["creator": "ai-worker", "creator_id": ""]
        #expect(SimulatedHost.isVisible(labels: own, to: "h1"))
        #expect(!SimulatedHost.isVisible(labels: other, to: "h1"))
        #expect(!SimulatedHost.isVisible(labels: faithful, to: "h1"))
        // Without a simulated host the worker is go-livepeer: every runner is visible.
        #expect(SimulatedHost.isVisible(labels: other, to: nil) && SimulatedHost.isVisible(labels: faithful, to: nil))
        #expect(SimulatedHost.otherHost(labels: other, than: "h1") == "h2")
        #expect(SimulatedHost.otherHost(labels: own, than: "h1") == nil)
        #expect(SimulatedHost.otherHost(labels: faithful, than: "h1") == nil)
    }

    @Test func runnersOfASimulatedHostCarryIt() throws {
        let body = RunnerPlan.createBody(
            image: "i", env: [], creatorID: "", gpu: "0", modelDir: "/m", hostPort: "8000", keepWarm: true, simulatedHost: "gpu-box-1")
        let root = try JSONNode.parse(Array(body.utf8)).get()
        #expect(root["Labels"]?.stringMap == ["creator": "ai-worker", "creator_id": "", "io.lpai.standin.host": "gpu-box-1"])
    }
}
