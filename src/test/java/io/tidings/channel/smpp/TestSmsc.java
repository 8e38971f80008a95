package io.tidings.channel.smpp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;

/**
 * An SMSC on loopback, built on jsmpp's server side: accepts binds with one system id and
 * password, answers {@code submit_sm} with sequential message ids, records them, sends
 * delivery receipts on request, and misbehaves when told to.
 */
public final class TestSmsc implements ServerMessageReceiverListener, AutoCloseable {

	private final String systemId;

	private final String password;

	private final ServerSocket socket;

	private final SMPPServerSessionListener listener;

	private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();

	private final Queue<Submitted> submitted = new ConcurrentLinkedQueue<>();

	private final Map<String, Submitted> byId = new ConcurrentHashMap<>();

	private final Map<String, SMPPServerSession> sessionById = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final AtomicInteger refusals = new AtomicInteger();

	private final AtomicInteger binds = new AtomicInteger();

	private volatile int refusalStatus;

	private volatile long dropAfter = Long.MAX_VALUE;

	private volatile boolean closed;

	private final AtomicInteger peak = new AtomicInteger();

	public TestSmsc(String systemId, String password) throws IOException {
		this.systemId = systemId;
		this.password = password;
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.listener = new SMPPServerSessionListener(0, new OwnSocket(this.socket));
		this.listener.setMessageReceiverListener(this);
		this.listener.setQueueCapacity(10_000);
		this.listener.setSessionStateListener(this::onStateChange);
		Thread.ofPlatform().daemon().name("test-smsc").start(this::acceptLoop);
	}

	public static TestSmsc start() throws IOException {
		return new TestSmsc("tidings", "secret");
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	/**
	 * Every {@code submit_sm} answered with a message id, in arrival order.
	 */
	public List<Submitted> submitted() {
		return List.copyOf(this.submitted);
	}

	public int bindsAccepted() {
		return this.binds.get();
	}

	/**
	 * The most sessions that were bound at one time.
	 */
	public int peakSessionsBound() {
		return this.peak.get();
	}

	public int sessionsBound() {
		return (int) this.sessions.stream().filter((s) -> s.getSessionState().isBound()).count();
	}

	/**
	 * Answers the next {@code count} submits with this command status.
	 */
	public void refuseNext(int count, int commandStatus) {
		this.refusalStatus = commandStatus;
		this.refusals.set(count);
	}

	public void throttleNext(int count) {
		refuseNext(count, SMPPConstant.STAT_ESME_RTHROTTLED);
	}

	/**
	 * Closes every connection without an unbind, as a crashing SMSC or a broken network
	 * would.
	 */
	public void dropConnections() {
		this.sessions.forEach(SMPPServerSession::close);
	}

	/**
	 * Drops every connection once this many messages have been accepted in all, while the
	 * client still has submits in flight.
	 */
	public void dropConnectionsAfter(long accepted) {
		this.dropAfter = accepted;
	}

	/**
	 * Sends a delivery receipt for a message it accepted, on the session that submitted
	 * it while that is bound, else on another.
	 */
	public void sendReceipt(String messageId, String stat) throws Exception {
		Submitted original = this.byId.get(messageId);
		Date now = new Date();
		DeliveryReceipt receipt = new DeliveryReceipt(messageId, 1, stat.equals("DELIVRD") ? 1 : 0, now, now,
				DeliveryReceiptState.valueOf(stat), stat.equals("DELIVRD") ? "000" : "001", "");
		SMPPServerSession session = this.sessionById.get(messageId);
		if (!session.getSessionState().isBound()) {
			session = this.sessions.stream()
				.filter((s) -> s.getSessionState().isBound())
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no bound session to send a receipt on"));
		}
		session.deliverShortMessage("", TypeOfNumber.valueOf(original.destTon()),
				NumberingPlanIndicator.valueOf(original.destNpi()), original.destination(),
				TypeOfNumber.valueOf(original.sourceTon()), NumberingPlanIndicator.valueOf(original.sourceNpi()),
				original.source(),
				new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT), (byte) 0,
				(byte) 0, new RegisteredDelivery(0), DataCodings.ZERO,
				receipt.toString().getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Sends a user's message (a mobile-originated {@code deliver_sm}, not a receipt) from
	 * {@code from} on the session that submitted {@code viaMessageId}, in UCS-2 when
	 * {@code ucs2}, else in GSM septets one per byte.
	 */
	public void sendUserMessage(String viaMessageId, String from, String text, boolean ucs2) throws Exception {
		Submitted original = this.byId.get(viaMessageId);
		SMPPServerSession session = this.sessionById.get(viaMessageId);
		byte[] body = ucs2 ? text.getBytes(StandardCharsets.UTF_16BE) : text.getBytes(StandardCharsets.US_ASCII);
		session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from,
				TypeOfNumber.valueOf(original.sourceTon()), NumberingPlanIndicator.valueOf(original.sourceNpi()),
				original.source(), new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.DEFAULT),
				(byte) 0, (byte) 0, new RegisteredDelivery(0),
				ucs2 ? new GeneralDataCoding(Alphabet.ALPHA_UCS2) : DataCodings.ZERO, body);
	}

	/**
	 * Sends a user's concatenated message in GSM septets (one per byte) from {@code from}
	 * on the session that submitted {@code viaMessageId}: part {@code order[i]} (from 1)
	 * of {@code parts} as the i-th {@code deliver_sm}, placed by a user data header with
	 * an 8-bit reference, or by the SAR TLVs when {@code sar}.
	 */
	public void sendUserMessageParts(String viaMessageId, String from, List<String> parts, List<Integer> order,
			int reference, boolean sar) throws Exception {
		Submitted original = this.byId.get(viaMessageId);
		SMPPServerSession session = this.sessionById.get(viaMessageId);
		for (int seq : order) {
			byte[] text = parts.get(seq - 1).getBytes(StandardCharsets.US_ASCII);
			byte[] body = text;
			OptionalParameter[] tlvs = {};
			if (sar) {
				tlvs = new OptionalParameter[] {
						new OptionalParameter.Short(OptionalParameter.Tag.SAR_MSG_REF_NUM, (short) reference),
						new OptionalParameter.Byte(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS, (byte) parts.size()),
						new OptionalParameter.Byte(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM, (byte) seq) };
			}
			else {
				body = new byte[6 + text.length];
				byte[] header = { 0x05, 0x00, 0x03, (byte) reference, (byte) parts.size(), (byte) seq };
				System.arraycopy(header, 0, body, 0, 6);
				System.arraycopy(text, 0, body, 6, text.length);
			}
			session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from,
					TypeOfNumber.valueOf(original.sourceTon()), NumberingPlanIndicator.valueOf(original.sourceNpi()),
					original.source(),
					new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT,
							sar ? GSMSpecificFeature.DEFAULT : GSMSpecificFeature.UDHI),
					(byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.ZERO, body, tlvs);
		}
	}

	/**
	 * Sends a user's concatenated message as raw bytes in {@code dataCoding} (0: GSM
	 * septets one per byte, 8: UCS-2) from {@code from} on the session that submitted
	 * {@code viaMessageId}: part {@code order[i]} (from 1) of {@code bodies} as the i-th
	 * {@code deliver_sm}, placed by a user data header with an 8-bit reference.
	 */
	public void sendUserMessageBytes(String viaMessageId, String from, List<byte[]> bodies, List<Integer> order,
			int reference, byte dataCoding) throws Exception {
		Submitted original = this.byId.get(viaMessageId);
		SMPPServerSession session = this.sessionById.get(viaMessageId);
		for (int seq : order) {
			byte[] text = bodies.get(seq - 1);
			byte[] body = new byte[6 + text.length];
			byte[] header = { 0x05, 0x00, 0x03, (byte) reference, (byte) bodies.size(), (byte) seq };
			System.arraycopy(header, 0, body, 0, 6);
			System.arraycopy(text, 0, body, 6, text.length);
			session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from,
					TypeOfNumber.valueOf(original.sourceTon()), NumberingPlanIndicator.valueOf(original.sourceNpi()),
					original.source(), new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI),
					(byte) 0, (byte) 0, new RegisteredDelivery(0), new RawDataCoding(dataCoding), body);
		}
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				SMPPServerSession session = this.listener.accept();
				Thread.ofVirtual().start(() -> bind(session));
			}
			catch (IOException ex) {
				// closed, or a connection that failed before its bind
			}
		}
	}

	private void bind(SMPPServerSession session) {
		try {
			BindRequest request = session.waitForBind(5000);
			if (this.systemId.equals(request.getSystemId()) && this.password.equals(request.getPassword())) {
				this.sessions.add(session);
				request.accept("test-smsc");
				this.binds.incrementAndGet();
				this.peak.accumulateAndGet(sessionsBound(), Math::max);
			}
			else {
				request.reject(SMPPConstant.STAT_ESME_RINVPASWD);
			}
		}
		catch (Exception ex) {
			session.close();
		}
	}

	private void onStateChange(SessionState newState, SessionState oldState, Session source) {
		if (newState == SessionState.CLOSED) {
			this.sessions.remove(source);
		}
	}

	@Override
	public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession source) throws ProcessRequestException {
		if (this.refusals.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			throw new ProcessRequestException("refused by the test SMSC", this.refusalStatus);
		}
		String id = Long.toString(this.ids.incrementAndGet());
		Submitted record = new Submitted(id, submit.getShortMessage(), submit.getDataCoding(), submit.getEsmClass(),
				submit.getSourceAddr(), submit.getSourceAddrTon(), submit.getSourceAddrNpi(), submit.getDestAddress(),
				submit.getDestAddrTon(), submit.getDestAddrNpi(), submit.getRegisteredDelivery());
		this.byId.put(id, record);
		this.sessionById.put(id, source);
		this.submitted.add(record);
		if (Long.parseLong(id) == this.dropAfter) {
			Thread.ofVirtual().start(this::dropConnections);
		}
		try {
			return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
		}
		catch (org.jsmpp.PDUStringException ex) {
			throw new ProcessRequestException(ex.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
		}
	}

	@Override
	public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
			throws ProcessRequestException {
		throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
	}

	@Override
	public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
		throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
	}

	@Override
	public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
		throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
	}

	@Override
	public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
		throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
	}

	@Override
	public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
			throws ProcessRequestException {
		throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
	}

	@Override
	public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
			throws ProcessRequestException {
		throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
	}

	@Override
	public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source)
			throws ProcessRequestException {
		throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
	}

	@Override
	public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
		throw new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.listener.close();
		this.sessions.forEach(SMPPServerSession::unbindAndClose);
	}

	/**
	 * One {@code submit_sm} as it arrived.
	 */
	public record Submitted(String messageId, byte[] shortMessage, byte dataCoding, byte esmClass, String source,
			byte sourceTon, byte sourceNpi, String destination, byte destTon, byte destNpi, byte registeredDelivery) {
	}

	// listens on a socket the test SMSC opened itself, so that it knows the ephemeral
	// port
	private record OwnSocket(ServerSocket socket) implements ServerConnectionFactory {

		@Override
		public ServerConnection listen(int port) {
			return new ServerSocketConnection(this.socket);
		}

		@Override
		public ServerConnection listen(int port, int timeout) {
			return new ServerSocketConnection(this.socket);
		}

		@Override
		public ServerConnection listen(int port, int timeout, int backlog) {
			return new ServerSocketConnection(this.socket);
		}

	}

}
