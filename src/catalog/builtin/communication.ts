import type { RawEntry } from "../entry-schema";

/** Chat, meetings, support desks and real-time messaging. Evidence for each entry's page format: catalog/EVIDENCE.md. */
export const COMMUNICATION_PROVIDERS: RawEntry[] = [
  { id: "slack", name: "Slack", kind: "slack", url: "https://slack-status.com/api/v2.0.0/current", category: "communication", capabilities: ["team-chat"] },
  { id: "discord", name: "Discord", kind: "statuspage", url: "https://discordstatus.com", category: "communication", capabilities: ["team-chat"] },
  { id: "zoom", name: "Zoom", kind: "statuspage", url: "https://status.zoom.us", category: "communication", capabilities: ["video-conferencing"] },
  { id: "intercom", name: "Intercom", kind: "statuspage", url: "https://www.intercomstatus.com", category: "communication", capabilities: ["customer-messaging", "helpdesk"] },
  { id: "webex", name: "Webex", kind: "feed", url: "https://status.webex.com/history.rss", category: "communication", capabilities: ["video-conferencing", "team-chat"] },
  { id: "goto", name: "GoTo (GoTo Meeting)", kind: "feed", url: "https://status.goto.com/history.atom?lng=en-US", category: "communication", capabilities: ["video-conferencing"] },
  { id: "mattermost", name: "Mattermost Cloud", kind: "statuspage", url: "https://status.mattermost.com", category: "communication", capabilities: ["team-chat"] },
  { id: "dialpad", name: "Dialpad", kind: "statuspage", url: "https://status.dialpad.com", category: "communication", capabilities: ["voice", "video-conferencing"] },
  { id: "aircall", name: "Aircall", kind: "statuspage", url: "https://status.aircall.com", category: "communication", capabilities: ["voice"] },
  { id: "talkdesk", name: "Talkdesk", kind: "statuspage", url: "https://status.talkdesk.com", category: "communication", capabilities: ["voice"] },
  { id: "front", name: "Front", kind: "statuspage", url: "https://www.frontstatus.com", category: "communication", capabilities: ["customer-messaging", "helpdesk"] },
  { id: "helpscout", name: "Help Scout", kind: "statuspage", url: "https://status.helpscout.com", category: "communication", capabilities: ["helpdesk"] },
  { id: "freshdesk", name: "Freshdesk", kind: "statuspage", url: "https://updates.freshdesk.com", category: "communication", capabilities: ["helpdesk"] },
  { id: "pusher", name: "Pusher", kind: "statuspage", url: "https://status.pusher.com", category: "communication", capabilities: ["realtime-messaging"] },
  { id: "ably", name: "Ably", kind: "statuspage", url: "https://status.ably.com", category: "communication", capabilities: ["realtime-messaging"] },
  { id: "pubnub", name: "PubNub", kind: "statuspage", url: "https://status.pubnub.com", category: "communication", capabilities: ["realtime-messaging"] },
  { id: "getstream", name: "Stream", kind: "statuspage", url: "https://status.getstream.io", category: "communication", capabilities: ["realtime-messaging"] },
  { id: "livekit", name: "LiveKit Cloud", kind: "statuspage", url: "https://status.livekit.io", category: "communication", capabilities: ["video-api", "realtime-messaging"] },
  { id: "callrail", name: "CallRail", kind: "statuspage", url: "https://status.callrail.com", category: "communication", capabilities: ["voice"] },
  { id: "sprout-social", name: "Sprout Social", kind: "statuspage", url: "https://status.sproutsocial.com", category: "communication", capabilities: ["social-media"] },
  { id: "buffer", name: "Buffer", kind: "statuspage", url: "https://status.buffer.com", category: "communication", capabilities: ["social-media"] },
  { id: "linkedin-api", name: "LinkedIn API", kind: "statuspage", url: "https://www.linkedin-apistatus.com", category: "communication", capabilities: ["social-media"] },
  { id: "reddit", name: "Reddit", kind: "statuspage", url: "https://www.redditstatus.com", category: "communication", capabilities: ["social-media"] },
  { id: "discourse", name: "Discourse (hosted)", kind: "statusio", url: "https://api.status.io/1.0/status/5e2141ce30dc5c04b3ac32fc", category: "communication", capabilities: ["team-chat"] },
];
